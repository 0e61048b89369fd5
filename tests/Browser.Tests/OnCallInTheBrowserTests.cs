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
        await PutAsync($"/v1/agents/{dana}", new { name = "Dana", skills = Array.Empty<string>(), maxConcurrent = 1 });
        await PutAsync($"/v1/agents/{eric}", new { name = "Eric", skills = Array.Empty<string>(), maxConcurrent = 1 });
        await PutAsync($"/v1/agents/{dana}/presence", new { status = "available" });
        // Daily shifts from long ago: one of them is on call now and the other next; Eric is offline, so he is warned of.
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
        await Expect(row).ToContainTextAsync($"Agent '{eric}' is on this schedule but nothing reaches them while they are offline");
        await Expect(row).Not.ToContainTextAsync($"Agent '{dana}'");
        await Chromium.ScreenshotAsync(page, "supervisor-on-call");
    }
}
