using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orleans.Handoff.Browser.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Handoff.Browser.Tests;

/// <summary>
/// Wrap-up in the agent console and a queue's live statistics on the supervisor view, in real Chromium: an agent
/// resolves a conversation, wraps it up with a disposition code while a second customer who waited gives up, and the
/// supervisor sees the queue's service level highlighted below its target.
/// </summary>
public sealed class ContactCenterInTheBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>, IAsyncDisposable
{
    readonly GatewayHost _host = fixture.Host;
    readonly Chromium _chromium = fixture.Browser;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _chromium.CloseTestPagesAsync();

    [Fact]
    public async Task AnAgentWrapsUpWithADispositionAndTheSupervisorSeesTheQueueBelowItsServiceLevel()
    {
        var erin = $"erin-{Guid.NewGuid():N}"[..13];
        var queue = $"billing-{Guid.NewGuid():N}"[..16];
        // One chat fills erin (units 100, chat 100): while she works, the next customer waits in the queue.
        await PutAsync($"/v1/agents/{erin}", new { name = "Erin", skills = new[] { queue }, capacity = new { units = 100, channelCost = new { chat = 100 } } });
        await PutAsync($"/v1/ladders/{queue}", new { legs = new[] { new { targets = new[] { $"agent:{erin}" }, ackTimeoutSeconds = 30, notify = "one" } } });
        await PutAsync($"/v1/queues/{queue}", new { skills = new[] { queue }, ladder = queue, wrapUpSeconds = 600, serviceLevel = new { answerSeconds = 20, target = 0.8 }, maxWaiting = 1 });
        await PutAsync("/v1/dispositions", new { codes = new[] { new { code = "refund-issued", label = "Refund issued" }, new { code = "no-action", label = "No action needed" } } });

        var console = await _chromium.NewPageAsync();
        await console.GotoAsync(Url("/console/"));
        await console.GetByLabel("Agent id").FillAsync(erin);
        await console.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(console.Locator("#desk")).ToBeVisibleAsync();
        await console.Locator("#presence").GetByText("Available", new() { Exact = true }).ClickAsync();
        await Expect(console.Locator("#connection")).ToHaveTextAsync("live");
        for (var i = 0; i < 50 && (string?)(await GetJsonAsync($"/v1/agents/{erin}"))["presence"] != "available"; i++) await Task.Delay(100, Cancel);
        Assert.True((string?)(await GetJsonAsync($"/v1/agents/{erin}"))["presence"] == "available",
            $"erin is not available; the console says: {await console.Locator("#offers-notice").TextContentAsync()}");

        var first = $"bill-{Guid.NewGuid():N}"[..13];
        await AskForAPersonAsync(first, queue);
        await console.Locator(".offer-card").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(console.Locator("#workspace-heading")).ToBeFocusedAsync();

        var second = $"wait-{Guid.NewGuid():N}"[..13];
        await AskForAPersonAsync(second, queue);
        for (var i = 0; i < 50 && (string?)(await GetJsonAsync($"/v1/conversations/{second}"))["status"] != "queued"; i++) await Task.Delay(100, Cancel);
        // The queue holds one: the next customer is offered a callback instead of joining.
        var third = $"full-{Guid.NewGuid():N}"[..13];
        await AskForAPersonAsync(third, queue);
        Assert.Equal("callbackScheduled", (string?)(await GetJsonAsync($"/v1/conversations/{third}"))["status"]);
        using (var left = await _host.Http.PostAsync(new Uri($"/v1/conversations/{second}/abandon", UriKind.Relative), null, Cancel)) left.EnsureSuccessStatusCode();

        await console.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();

        var wrapUp = console.Locator(".wrapup");
        await Expect(console.Locator("#wrapup-section")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(wrapUp).ToContainTextAsync($"Conversation {first}");
        await Expect(wrapUp.Locator(".wrapup-left")).ToContainTextAsync("left");
        Assert.Equal(100, (int)(await GetJsonAsync($"/v1/agents/{erin}"))["usedUnits"]!);
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Complete wrap-up" }).ClickAsync();
        await Expect(wrapUp.Locator(".error")).ToHaveTextAsync("Choose a disposition first.");
        await wrapUp.GetByLabel("Disposition").SelectOptionAsync("refund-issued");
        await Chromium.ScreenshotAsync(console, "console-wrap-up");
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Complete wrap-up" }).ClickAsync();

        await Expect(console.Locator("#wrapup-section")).ToBeHiddenAsync();
        await Expect(console.Locator("#offers-notice")).ToContainTextAsync($"Wrap-up of {first} completed: refund-issued");
        var agent = await GetJsonAsync($"/v1/agents/{erin}");
        Assert.Equal((0, 0), ((int)agent["usedUnits"]!, agent["wrapUps"]!.AsArray().Count));

        var supervisor = await _chromium.NewPageAsync();
        await supervisor.GotoAsync(Url("/console/supervisor/"));
        var board = supervisor.Locator($".queue[data-queue=\"{queue}\"]");
        await Expect(board.Locator(".queue-stats")).ToContainTextAsync("answered, 15 min", new() { Timeout = 5_000 });
        var level = board.Locator(".service-level");
        await Expect(level).ToContainTextAsync("50% (target 80%)");
        await Expect(level).ToContainTextAsync("below target");
        await Expect(level).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbreach\b"));
        await Expect(board.GetByRole(AriaRole.Group, new() { Name = "Queue statistics" })).ToContainTextAsync("1abandoned, 15 min");
        await Expect(board.Locator(".queue-stats")).ToContainTextAsync("100free capacity units");
        await Expect(board.Locator(".queue-stats")).ToContainTextAsync("1turned away (queue full), 15 min");
        await Expect(board.Locator("h3 .chip")).ToHaveTextAsync("0 of 1 waiting");
        await Chromium.ScreenshotAsync(supervisor, "supervisor-service-level");
    }

    async Task AskForAPersonAsync(string conversation, string queue)
    {
        using var asked = await _host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/turns",
            new { role = "customer", text = "I need a human, please", queue }, Cancel);
        asked.EnsureSuccessStatusCode();
    }

    string Url(string path) => new Uri(_host.Address, $"{path}#key={GatewayHost.Key}").ToString();

    async Task PutAsync(string path, object body)
    {
        using var response = await _host.Http.PutAsJsonAsync(path, body, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
    }

    async Task<JsonObject> GetJsonAsync(string path) =>
        JsonNode.Parse(await _host.Http.GetStringAsync(new Uri(path, UriKind.Relative), Cancel))!.AsObject();
}
