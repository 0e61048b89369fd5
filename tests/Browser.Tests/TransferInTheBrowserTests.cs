using System.Net.Http.Json;
using Microsoft.Playwright;
using Orleans.Handoff.Browser.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Handoff.Browser.Tests;

/// <summary>A supervisor's whisper and a warm transfer, as the two agents' consoles show them.</summary>
public sealed partial class HandoffInTheBrowserTests
{
    [Fact]
    public async Task AWhisperShowsForTheOwnerAndAWarmTransferMovesTheCardToTheColleague()
    {
        var carol = $"carol-{Guid.NewGuid():N}"[..14];
        var dave = $"dave-{Guid.NewGuid():N}"[..13];
        var skill = $"transfer-{Guid.NewGuid():N}"[..16];
        await PutAsync($"/v1/agents/{carol}", new { name = "Carol", skills = new[] { skill }, maxConcurrent = 2 });
        await PutAsync($"/v1/agents/{dave}", new { name = "Dave", skills = new[] { skill }, maxConcurrent = 2 });
        await PutAsync($"/v1/ladders/{skill}", new { legs = new[] { new { targets = new[] { $"agent:{carol}" }, ackTimeoutSeconds = 60, notify = "one" } } });
        await PutAsync($"/v1/queues/{skill}", new { skills = new[] { skill }, ladder = skill });
        var carolConsole = await SignInAsync(carol);
        var daveConsole = await SignInAsync(dave);

        var conversation = $"conv-{Guid.NewGuid():N}";
        var asked = await PostJsonAsync($"/v1/conversations/{conversation}/turns", new { role = "customer", text = "Let me talk to a real person please", queue = skill });
        await carolConsole.Locator(".offer-card").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(carolConsole.Locator("#assignments")).ToContainTextAsync(conversation, new() { Timeout = 5_000 });
        Assert.NotNull(asked);

        await PostJsonAsync($"/v1/conversations/{conversation}/whisper", new { text = "Offer the 20% voucher." });
        await Expect(carolConsole.Locator("#suggestions")).ToContainTextAsync("Offer the 20% voucher.", new() { Timeout = 5_000 });
        await Expect(carolConsole.Locator("#suggestions")).ToContainTextAsync("supervisor whisper");
        await Expect(carolConsole.Locator("#transcript")).Not.ToContainTextAsync("voucher");
        await Chromium.ScreenshotAsync(carolConsole, "console-whisper");

        await PostJsonAsync($"/v1/conversations/{conversation}/transfer", new { to = $"agent:{dave}", mode = "warm", note = "VIP: refund approved, send the label.", agentId = carol });
        var daveCard = daveConsole.Locator(".offer-card");
        await Expect(daveCard).ToContainTextAsync("VIP: refund approved, send the label.", new() { Timeout = 5_000 });
        // Warm: Carol keeps the conversation while Dave decides.
        await Expect(carolConsole.Locator("#assignments")).ToContainTextAsync(conversation);
        await Chromium.ScreenshotAsync(daveConsole, "console-transfer-offer");

        await daveCard.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Expect(daveConsole.Locator("#assignments")).ToContainTextAsync(conversation, new() { Timeout = 5_000 });
        await Expect(carolConsole.Locator("#assignments")).Not.ToContainTextAsync(conversation, new() { Timeout = 5_000 });
        var view = await GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal(dave, (string?)view["owner"]);
        Assert.Equal("accepted", (string?)view["transfers"]![0]!["outcome"]);
    }

    async Task<System.Text.Json.Nodes.JsonObject?> PostJsonAsync(string path, object body)
    {
        using var response = await _host.Http.PostAsJsonAsync(path, body, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return System.Text.Json.Nodes.JsonNode.Parse(text)?.AsObject();
    }
}
