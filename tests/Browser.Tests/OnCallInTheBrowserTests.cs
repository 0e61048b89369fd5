using Orleans.Handoff.Browser.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Handoff.Browser.Tests;

/// <summary>The supervisor view shows each schedule's people on call now and next, and who cannot be reached offline.</summary>
public sealed partial class HandoffInTheBrowserTests
{
    [Fact]
    public async Task TheSupervisorViewShowsWhoIsOnCallNowAndNextWithItsWarnings()
    {
        var dana = $"dana-{Guid.NewGuid():N}"[..13];
        var eric = $"eric-{Guid.NewGuid():N}"[..13];
        var schedule = $"primary-{Guid.NewGuid():N}"[..16];
        var pager = $"pager-{Guid.NewGuid():N}"[..14];
        await PutAsync($"/v1/webhooks/{pager}", new { url = "https://pager.example.com/hook", secret = "a-pager-bridge-secret" });
        await PutAsync($"/v1/agents/{dana}", new { name = "Dana", skills = Array.Empty<string>(), maxConcurrent = 1, channels = new[] { $"webhook:{pager}" } });
        await PutAsync($"/v1/agents/{eric}", new { name = "Eric", skills = Array.Empty<string>(), maxConcurrent = 1 });
        // Daily shifts from long ago: one of them is on call now and the other next; nothing reaches Eric off the console, so he is warned of.
        await PutAsync($"/v1/schedules/{schedule}", new
        {
            timeZone = "Europe/Berlin",
            rotations = new[] { new { name = "daily", participants = new[] { dana, eric }, shift = new { type = "daily", handoff = "09:00" }, start = "2020-01-01" } },
            overrides = Array.Empty<object>(),
        });

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(Url("/console/supervisor/"));

        var row = page.Locator("#schedules tr", new() { HasText = schedule });
        await Expect(row).ToContainTextAsync(dana, new() { Timeout = 5_000 });
        await Expect(row).ToContainTextAsync(eric);
        await Expect(row).ToContainTextAsync($"Agent '{eric}' is on this schedule but no channel reaches them off the console");
        await Expect(row).Not.ToContainTextAsync($"Agent '{dana}'");
        await Chromium.ScreenshotAsync(page, "supervisor-on-call");
    }
}
