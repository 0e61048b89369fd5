using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Tests.Domain;

public sealed class MaintenanceTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    static MaintenanceWindow Window(string name, double fromHours, double toHours, params string[] ladders) =>
        new(name, ladders, Now.AddHours(fromHours), Now.AddHours(toHours));

    [Fact]
    public void APageIsHeldByTheWindowOverItsLadderThatEndsLast()
    {
        MaintenanceWindow[] windows = [Window("short", -1, 1, "db"), Window("long", -1, 3, "db", "web"), Window("other", -1, 5, "web")];

        Assert.Equal(new MaintenanceHold("long", Now.AddHours(3)), Maintenance.HoldFor(windows, "db", Priority.High, Now));
        Assert.Null(Maintenance.HoldFor(windows, "billing", Priority.High, Now));
    }

    [Fact]
    public void AWindowHoldsFromItsStartUntilJustBeforeItsEndAndNeverAnEmergency()
    {
        MaintenanceWindow[] windows = [Window("later", 1, 2, "db")];

        Assert.Null(Maintenance.HoldFor(windows, "db", Priority.Normal, Now));
        Assert.NotNull(Maintenance.HoldFor(windows, "db", Priority.Normal, Now.AddHours(1)));
        Assert.Null(Maintenance.HoldFor(windows, "db", Priority.Normal, Now.AddHours(2)));
        Assert.Null(Maintenance.HoldFor(windows, "db", Priority.Emergency, Now.AddHours(1.5)));
    }

    [Theory]
    [InlineData(0, 24, null)]
    [InlineData(0, 24.01, "to")]
    [InlineData(1, 1, "to")]
    [InlineData(-3, -1, "to")]
    public void AWindowEndsAfterItBeginsWithinADayAndNotInThePast(double from, double to, string? field)
    {
        var errors = Maintenance.Validate(Window("w", from, to, "db"), Now, _ => true);

        Assert.Equal(field is null ? [] : [field], errors.Select(e => e.Field));
    }

    [Fact]
    public void EveryLadderMustExistAndThereMustBeOne()
    {
        Assert.Equal(["ladders[1]"], Maintenance.Validate(Window("w", 0, 1, "db", "nope"), Now, l => l == "db").Select(e => e.Field));
        Assert.Equal(["ladders"], Maintenance.Validate(Window("w", 0, 1), Now, _ => true).Select(e => e.Field));
    }
}
