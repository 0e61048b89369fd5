using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Handoff.Browser.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Handoff.Browser.Tests;

/// <summary>
/// The whole hand-off as people see it, in real Chromium: a customer in the demo asks for a person, two agents'
/// consoles ring at once, one takes it with the brief, the transcript and the opening line in front of them, replies,
/// and hands the customer back to the bot.
/// </summary>
public sealed partial class HandoffInTheBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>, IAsyncDisposable
{
    readonly GatewayHost _host = fixture.Host;
    readonly Chromium _chromium = fixture.Browser;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _chromium.CloseTestPagesAsync();

    [Fact]
    public async Task TwoConsolesRingTheFirstToAcceptTalksToTheCustomerAndHandsBackToTheBot()
    {
        var alice = $"alice-{Guid.NewGuid():N}"[..14];
        var bob = $"bob-{Guid.NewGuid():N}"[..12];
        await PutAsync($"/v1/agents/{alice}", new { name = "Alice", skills = Array.Empty<string>(), maxConcurrent = 2 });
        await PutAsync($"/v1/agents/{bob}", new { name = "Bob", skills = Array.Empty<string>(), maxConcurrent = 2 });
        // One leg that rings both agents at once; the demo escalates into the default queue, which now uses it.
        await PutAsync("/v1/ladders/both", new { legs = new[] { new { targets = new[] { $"agent:{alice}", $"agent:{bob}" }, ackTimeoutSeconds = 30, notify = "all" } } });
        await PutAsync("/v1/queues/default", new { skills = Array.Empty<string>(), ladder = "both" });

        var aliceConsole = await SignInAsync(alice);
        var bobConsole = await SignInAsync(bob);
        var supervisor = await _chromium.NewPageAsync();
        await supervisor.GotoAsync(Url("/console/supervisor/"));

        var demo = await _chromium.NewPageAsync();
        await demo.GotoAsync(Url("/demo/"));
        var conversation = (await demo.Locator("#conversation-id").TextContentAsync())!;
        await SayAsync(demo, "Where is my order 88231? It is late.");
        await Expect(demo.Locator(".msg.bot").Last).ToContainTextAsync("88231");

        await demo.GetByLabel("Your message").FillAsync("Let me talk to a real person please");
        // Measured with the browser's own clock (all pages share it): from just before Enter to when each card was
        // put on screen, so the test driver's round trips do not count.
        var askedAt = await demo.EvaluateAsync<double>("Date.now()");
        await demo.GetByLabel("Your message").PressAsync("Enter");
        var aliceCard = aliceConsole.Locator(".offer-card");
        var bobCard = bobConsole.Locator(".offer-card");
        await Task.WhenAll(
            aliceCard.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 }),
            bobCard.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 }));
        var shown = new List<double>();
        foreach (var card in new[] { aliceCard, bobCard })
        {
            shown.Add(await card.EvaluateAsync<double>("card => Date.parse(card.dataset.shownAt)"));
        }

        var rang = TimeSpan.FromMilliseconds(shown.Max() - askedAt);
        TestContext.Current.TestOutputHelper?.WriteLine($"both consoles showed the offer {rang.TotalMilliseconds:0} ms after the customer asked");
        Assert.True(rang < TimeSpan.FromSeconds(1), $"The offer took {rang.TotalMilliseconds:0} ms to reach both consoles.");
        await Expect(demo.Locator("#mode")).ToContainTextAsync("connecting");
        await Expect(aliceCard).ToContainTextAsync("Explicit request");
        await Expect(aliceCard.Locator(".brief")).ToContainTextAsync("Why now");

        // The countdown runs: the seconds left go down.
        var first = await aliceCard.Locator(".left").TextContentAsync();
        Assert.Matches(CountdownText(), first);
        await Expect(aliceCard.Locator(".left")).Not.ToHaveTextAsync(first!, new() { Timeout = 3_000 });

        await Expect(supervisor.Locator("#ladders")).ToContainTextAsync(conversation, new() { Timeout = 5_000 });
        await Chromium.ScreenshotAsync(aliceConsole, "console-offer");
        await Chromium.ScreenshotAsync(supervisor, "supervisor-ladder-in-flight");

        await bobCard.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Expect(aliceCard).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await Expect(aliceConsole.Locator("#offers-notice")).ToContainTextAsync("another agent took it");
        await Expect(bobConsole.Locator("#workspace-heading")).ToBeFocusedAsync();
        await Expect(bobConsole.Locator("#brief")).ToContainTextAsync("Why now");
        await Expect(bobConsole.Locator("#transcript")).ToContainTextAsync("Where is my order 88231?");
        await Expect(bobConsole.Locator("#transcript")).ToContainTextAsync("Let me talk to a real person please");
        var package = await GetJsonAsync($"/v1/conversations/{conversation}/handoff");
        var opening = (string?)package["openingLine"];
        if (opening is not null) await Expect(bobConsole.Locator("#reply")).ToHaveValueAsync(opening);
        else await Expect(bobConsole.Locator("#reply")).ToHaveValueAsync(new Regex(Regex.Escape("Where is my order 88231?")));
        await Expect(demo.Locator("#mode")).ToHaveTextAsync("Bob (a person)", new() { Timeout = 5_000 });
        await Expect(demo.Locator(".msg.system")).ToHaveTextAsync(["Bob joined the conversation."]);

        // The opening line goes as it is, then a reply of Bob's own.
        await bobConsole.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(bobConsole.Locator("#reply")).ToHaveValueAsync("");
        await bobConsole.Locator("#reply").FillAsync("It is with the courier and arrives tomorrow before noon.");
        await bobConsole.Locator("#reply").PressAsync("Control+Enter");
        await Expect(demo.Locator(".msg.human").Last).ToContainTextAsync("arrives tomorrow before noon", new() { Timeout = 5_000 });
        await Expect(demo.Locator(".msg.human").First).ToContainTextAsync("88231");

        // The customer answers; the bot, now assisting, suggests a reply to Bob that the customer never sees.
        await SayAsync(demo, "Great, thank you!");
        await Expect(bobConsole.Locator("#transcript")).ToContainTextAsync("Great, thank you!", new() { Timeout = 5_000 });
        await Expect(bobConsole.Locator("#suggestions")).ToContainTextAsync("Is there anything else I can help you with today?", new() { Timeout = 5_000 });
        await Expect(demo.Locator("#log")).Not.ToContainTextAsync("Is there anything else I can help you with today?");
        await bobConsole.Locator("#detail summary").ClickAsync();
        await Expect(bobConsole.Locator("#detail-body")).ToContainTextAsync("lookup_order");
        await Expect(bobConsole.GetByRole(AriaRole.Img, new() { Name = "Sentiment over 3 turns" })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(bobConsole, "console-conversation");

        await bobConsole.GetByLabel("Notes for the bot").FillAsync("Order 88231 arrives tomorrow; customer is happy.");
        await bobConsole.GetByRole(AriaRole.Button, new() { Name = "Hand back" }).ClickAsync();

        await Expect(bobConsole.Locator("#closed-banner")).ToContainTextAsync("Handed back");
        await Expect(demo.Locator("#mode")).ToHaveTextAsync("the assistant", new() { Timeout = 5_000 });
        await Expect(demo.Locator(".msg.bot").Last).ToContainTextAsync("back with me");
        await Expect(demo.Locator("#calls")).ToContainTextAsync("Order 88231 arrives tomorrow; customer is happy.");
        Assert.Equal("bot", (string?)(await GetJsonAsync($"/v1/conversations/{conversation}"))["status"]);
        await Chromium.ScreenshotAsync(demo, "demo-back-with-the-bot");

        await supervisor.ReloadAsync();
        await Expect(supervisor.Locator("#agents")).ToContainTextAsync("Bob");
        await Expect(supervisor.Locator("#reasons")).ToContainTextAsync("Explicit request");
        await Chromium.ScreenshotAsync(supervisor, "supervisor");
    }

    [Fact]
    public async Task AKeyboardUserSignsInHearsTheOfferAndDeclinesIt()
    {
        var carol = $"carol-{Guid.NewGuid():N}"[..14];
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(Url("/console/"));

        // Keyboard only: the agent id field has focus, Enter signs in (a new id becomes an agent), arrows set presence.
        await Expect(page.GetByLabel("Agent id")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(carol);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#presence-offline")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.Locator("#presence-available")).ToBeCheckedAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await EventuallyAvailableAsync(carol);

        await PutAsync($"/v1/ladders/{carol}", new { legs = new[] { new { targets = new[] { $"agent:{carol}" }, ackTimeoutSeconds = 30, notify = "one" } } });
        // A skill nobody has keeps the queue to itself: what carol declines waits there, and no other test's agent is offered it.
        await PutAsync($"/v1/queues/{carol}", new { skills = new[] { carol }, ladder = carol });
        using (var asked = await _host.Http.PostAsJsonAsync($"/v1/conversations/kbd-{carol}/turns",
            new { role = "customer", text = "I need a human, please", queue = carol }, Cancel))
        {
            asked.EnsureSuccessStatusCode();
        }

        // The offer is announced to screen readers, and the keyboard reaches it right after the header.
        await Expect(page.Locator("#announcer")).ToContainTextAsync("New offer: Explicit request");
        await Expect(page.Locator(".offer-card")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".offer-card button.accept")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".offer-card button.decline")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator(".offer-card")).ToHaveCountAsync(0);
        await Expect(page.Locator("#offers-heading")).ToBeFocusedAsync();
        await Expect(page.Locator("#offers-notice")).ToContainTextAsync($"Declined kbd-{carol}");
    }

    [Fact]
    public async Task AConsoleOpenedWithoutAKeyAsksForOneAndKeepsItOutOfTheAddress()
    {
        var dave = $"dave-{Guid.NewGuid():N}"[..13];
        var page = await _chromium.NewPageAsync();
        var asked = 0;
        page.Dialog += async (_, dialog) =>
        {
            asked++;
            await dialog.AcceptAsync(GatewayHost.Key);
        };
        await page.GotoAsync(new Uri(_host.Address, "/console/").ToString());

        await page.GetByLabel("Agent id").FillAsync(dave);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("#desk")).ToBeVisibleAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        Assert.Equal(1, asked);
        Assert.Equal(GatewayHost.Key, await page.EvaluateAsync<string>("sessionStorage.getItem('handoff.key')"));

        // Handed over in the address, the key is kept for the tab and taken out of the address at once.
        var second = await _chromium.NewPageAsync();
        await second.GotoAsync(Url("/console/"));
        await Expect(second.GetByLabel("Agent id")).ToBeVisibleAsync();
        Assert.DoesNotContain("key=", second.Url, StringComparison.Ordinal);
        Assert.Equal(GatewayHost.Key, await second.EvaluateAsync<string>("sessionStorage.getItem('handoff.key')"));
    }

    async Task EventuallyAvailableAsync(string agentId)
    {
        for (var i = 0; i < 50 && (string?)(await GetJsonAsync($"/v1/agents/{agentId}"))["presence"] != "available"; i++) await Task.Delay(100, Cancel);
        Assert.Equal("available", (string?)(await GetJsonAsync($"/v1/agents/{agentId}"))["presence"]);
    }

    async Task<IPage> SignInAsync(string agentId)
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(Url("/console/"));
        await page.GetByLabel("Agent id").FillAsync(agentId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#desk")).ToBeVisibleAsync();
        await page.Locator("#presence").GetByText("Available", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("#presence-available")).ToBeCheckedAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await EventuallyAvailableAsync(agentId);
        return page;
    }

    static async Task SayAsync(IPage demo, string text)
    {
        var before = await demo.Locator(".msg").CountAsync();
        await demo.GetByLabel("Your message").FillAsync(text);
        await demo.GetByLabel("Your message").PressAsync("Enter");
        await Expect(demo.Locator(".msg.customer").Last).ToHaveTextAsync(new Regex(Regex.Escape(text)));
        await Expect(demo.Locator(".msg")).Not.ToHaveCountAsync(before);
    }

    /// <summary>The page's address with the key handed over as <c>#key=</c>, as the development key's start-up line links it.</summary>
    string Url(string path) => new Uri(_host.Address, $"{path}#key={GatewayHost.Key}").ToString();

    async Task PutAsync(string path, object body)
    {
        using var response = await _host.Http.PutAsJsonAsync(path, body, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
    }

    async Task<JsonObject> GetJsonAsync(string path) =>
        JsonNode.Parse(await _host.Http.GetStringAsync(new Uri(path, UriKind.Relative), Cancel))!.AsObject();

    [GeneratedRegex(@"^\d+:\d\d left$")]
    private static partial Regex CountdownText();
}
