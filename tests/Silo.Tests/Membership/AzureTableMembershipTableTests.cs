using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Tests.Infrastructure;
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.Tests.Membership;

/// <summary>The cases of Orleans' own MembershipTableTestsBase, and the heartbeat, paging and cleanup rules on top.</summary>
public sealed class AzureTableMembershipTableTests(AzuriteFixture azurite) : IAsyncLifetime
{
    static int s_generation = Environment.TickCount & 0xFFFFF;

    readonly AzureTableClients _tables = new(
        Options.Create(new AzureTablesOptions { ConnectionString = azurite.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix() }),
        NullLogger<AzureTableClients>.Instance);

    readonly string _clusterId = $"cluster/#?|{Guid.NewGuid():N}";
    AzureTableMembershipTable _table = null!;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _table = Table(_clusterId);
        await _table.InitializeMembershipTableAsync(tryInitTableVersion: true, Cancel);
    }

    public ValueTask DisposeAsync()
    {
        _tables.Dispose();
        return ValueTask.CompletedTask;
    }

    AzureTableMembershipTable Table(string clusterId) => new(_tables, clusterId, NullLogger<AzureTableMembershipTable>.Instance);

    static MembershipEntry NewEntry(SiloStatus status = SiloStatus.Joining, DateTime? at = null)
    {
        var now = at ?? TruncatedToSeconds(DateTime.UtcNow);
        var address = SiloAddress.New(IPAddress.Loopback, 12345, Interlocked.Increment(ref s_generation));
        return new MembershipEntry
        {
            SiloAddress = address,
            HostName = "host-1",
            SiloName = "silo-1",
            Status = status,
            ProxyPort = 30000,
            RoleName = "role",
            UpdateZone = 2,
            FaultZone = 3,
            StartTime = now,
            IAmAliveTime = now,
        };
    }

    static DateTime TruncatedToSeconds(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    async Task<MembershipEntry> InsertAsync(MembershipEntry entry)
    {
        var version = (await _table.ReadAllAsync(Cancel)).Version;
        Assert.True(await _table.InsertRowAsync(entry, version.Next(), Cancel));
        return entry;
    }

    [Fact]
    public async Task ANewClusterReadsVersionZeroAndNoSilos()
    {
        var data = await _table.ReadAllAsync(Cancel);

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
    }

    [Fact]
    public async Task InitializingTwiceKeepsTheVersion()
    {
        await InsertAsync(NewEntry());

        await Table(_clusterId).InitializeMembershipTableAsync(tryInitTableVersion: true, Cancel);

        Assert.Equal(1, (await _table.ReadAllAsync(Cancel)).Version.Version);
    }

    [Fact]
    public async Task AnInsertedSiloReadsBackWithTheNewVersion()
    {
        var entry = NewEntry();
        entry.SuspectTimes = [Tuple.Create(NewEntry().SiloAddress, entry.StartTime.AddSeconds(1)), Tuple.Create(NewEntry().SiloAddress, entry.StartTime.AddSeconds(2))];
        var before = (await _table.ReadAllAsync(Cancel)).Version;

        Assert.True(await _table.InsertRowAsync(entry, before.Next(), Cancel));

        var all = await _table.ReadAllAsync(Cancel);
        var row = await _table.ReadRowAsync(entry.SiloAddress, Cancel);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(before.VersionEtag, all.Version.VersionEtag);
        Assert.Equal(entry.ToFullString(), Assert.Single(all.Members).Item1.ToFullString());
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(entry.ToFullString(), Assert.Single(row.Members).Item1.ToFullString());
        Assert.Equal(all.Members[0].Item2, row.Members[0].Item2);
    }

    [Fact]
    public async Task InsertingASiloThatIsAlreadyThereReturnsFalse()
    {
        var entry = await InsertAsync(NewEntry());
        var version = (await _table.ReadAllAsync(Cancel)).Version;

        Assert.False(await _table.InsertRowAsync(entry, version.Next(), Cancel));

        var after = await _table.ReadAllAsync(Cancel);
        Assert.Single(after.Members);
        Assert.Equal(version, after.Version);
    }

    [Fact]
    public async Task InsertingWithAStaleVersionReturnsFalseAndWritesNothing()
    {
        var stale = (await _table.ReadAllAsync(Cancel)).Version;
        await InsertAsync(NewEntry());

        Assert.False(await _table.InsertRowAsync(NewEntry(), stale.Next(), Cancel));

        Assert.Single((await _table.ReadAllAsync(Cancel)).Members);
    }

    [Fact]
    public async Task UpdatingWithCurrentETagsReplacesTheSiloAndBumpsTheVersion()
    {
        var entry = await InsertAsync(NewEntry());
        var data = await _table.ReadAllAsync(Cancel);
        entry.Status = SiloStatus.Active;
        entry.AddSuspector(NewEntry().SiloAddress, entry.StartTime.AddMinutes(1));

        Assert.True(await _table.UpdateRowAsync(entry, data.Members[0].Item2, data.Version.Next(), Cancel));

        var after = await _table.ReadAllAsync(Cancel);
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(entry.ToFullString(), after.Members[0].Item1.ToFullString());
        Assert.NotEqual(data.Members[0].Item2, after.Members[0].Item2);
    }

    [Fact]
    public async Task UpdatingWithAStaleVersionReturnsFalseAndChangesNothing()
    {
        var entry = await InsertAsync(NewEntry());
        var data = await _table.ReadAllAsync(Cancel);
        var staleVersion = data.Version;
        await InsertAsync(NewEntry());
        entry.Status = SiloStatus.Active;

        Assert.False(await _table.UpdateRowAsync(entry, data.Members[0].Item2, staleVersion.Next(), Cancel));

        var row = Assert.Single((await _table.ReadRowAsync(entry.SiloAddress, Cancel)).Members);
        Assert.Equal(SiloStatus.Joining, row.Item1.Status);
        Assert.Equal(data.Members[0].Item2, row.Item2);
    }

    [Fact]
    public async Task UpdatingWithAStaleRowETagReturnsFalseEvenWithTheCurrentVersion()
    {
        var entry = await InsertAsync(NewEntry());
        var first = await _table.ReadAllAsync(Cancel);
        var staleRowETag = first.Members[0].Item2;
        entry.Status = SiloStatus.Active;
        Assert.True(await _table.UpdateRowAsync(entry, staleRowETag, first.Version.Next(), Cancel));
        var current = (await _table.ReadAllAsync(Cancel)).Version;
        entry.Status = SiloStatus.Dead;

        Assert.False(await _table.UpdateRowAsync(entry, staleRowETag, current.Next(), Cancel));

        var after = await _table.ReadAllAsync(Cancel);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.Equal(current, after.Version);
    }

    [Fact]
    public async Task UpdatingASiloThatIsNotThereReturnsFalse()
    {
        var version = (await _table.ReadAllAsync(Cancel)).Version;

        Assert.False(await _table.UpdateRowAsync(NewEntry(), "no-such-etag", version.Next(), Cancel));

        Assert.Empty((await _table.ReadAllAsync(Cancel)).Members);
    }

    [Fact]
    public async Task ParallelInsertsOfOneSiloHaveOneWinnerAndParallelUpdatesEndAtTheRightVersion()
    {
        var entry = NewEntry();
        var version = (await _table.ReadAllAsync(Cancel)).Version.Next();

        var inserts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _table.InsertRowAsync(entry, version, Cancel)));
        Assert.Single(inserts, inserted => inserted);

        await Task.WhenAll(Enumerable.Range(0, 19).Select(async _ =>
        {
            while (true)
            {
                var data = await _table.ReadAllAsync(Cancel);
                var row = data.TryGet(entry.SiloAddress)!;
                if (await _table.UpdateRowAsync(row.Item1, row.Item2, data.Version.Next(), Cancel)) return;
            }
        })).WaitAsync(TimeSpan.FromSeconds(30), Cancel);

        var after = await _table.ReadAllAsync(Cancel);
        Assert.Equal(20, after.Version.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task AHeartbeatChangesOnlyIAmAliveAndKeepsVersionAndETagsValid()
    {
        var entry = await InsertAsync(NewEntry());
        var before = await _table.ReadAllAsync(Cancel);
        var aliveAt = entry.IAmAliveTime.AddSeconds(30);

        await _table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = aliveAt }, Cancel);

        var after = await _table.ReadAllAsync(Cancel);
        var (read, etag) = after.Members[0];
        Assert.Equal(aliveAt, read.IAmAliveTime);
        entry.IAmAliveTime = aliveAt;
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Members[0].Item2, etag);

        // What the protocol relies on: inputs read before a heartbeat still update the row.
        entry.Status = SiloStatus.Active;
        Assert.True(await _table.UpdateRowAsync(entry, before.Members[0].Item2, before.Version.Next(), Cancel));
    }

    [Fact]
    public async Task CleanupRemovesSilosThatAreNotActiveAndWereLastUpdatedBeforeTheDate()
    {
        var longAgo = TruncatedToSeconds(DateTime.UtcNow.AddDays(-10));
        var recent = await InsertAsync(NewEntry(SiloStatus.Dead));
        var oldActive = await InsertAsync(NewEntry(SiloStatus.Active, longAgo));
        var recentlyDeclaredDead = NewEntry(SiloStatus.Dead, longAgo);
        recentlyDeclaredDead.AddSuspector(recent.SiloAddress, DateTime.UtcNow);
        await InsertAsync(recentlyDeclaredDead);
        foreach (var status in Enum.GetValues<SiloStatus>().Where(status => status != SiloStatus.Active))
        {
            await InsertAsync(NewEntry(status, longAgo));
        }

        await _table.CleanupDefunctSiloEntriesAsync(longAgo.AddDays(3), Cancel);

        var left = (await _table.ReadAllAsync(Cancel)).Members.Select(member => member.Item1.SiloAddress).ToHashSet();
        Assert.Equal([recent.SiloAddress, oldActive.SiloAddress, recentlyDeclaredDead.SiloAddress], left);
    }

    [Fact]
    public async Task DeletingAClustersEntriesLeavesOtherClustersAlone()
    {
        var other = Table($"other-{Guid.NewGuid():N}");
        await other.InitializeMembershipTableAsync(true, Cancel);
        await other.InsertRowAsync(NewEntry(), (await other.ReadAllAsync(Cancel)).Version.Next(), Cancel);
        await InsertAsync(NewEntry());

        await _table.DeleteMembershipTableEntriesAsync(_clusterId, Cancel);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _table.ReadAllAsync(Cancel));
        Assert.Single((await other.ReadAllAsync(Cancel)).Members);
    }

    [Fact]
    public async Task AReadThatSpansPagesStillReturnsEverySilo()
    {
        var entries = new List<MembershipEntry>();
        for (var i = 0; i < 7; i++) entries.Add(await InsertAsync(NewEntry()));
        _table.PageSize = 2;

        var data = await _table.ReadAllAsync(Cancel);

        Assert.Equal(7, data.Version.Version);
        Assert.Equal(entries.Select(e => e.SiloAddress).ToHashSet(), data.Members.Select(m => m.Item1.SiloAddress).ToHashSet());
    }

    [Fact]
    public async Task ReadingASiloThatIsNotThereGivesTheVersionAndNoSilo()
    {
        await InsertAsync(NewEntry());

        var data = await _table.ReadRowAsync(NewEntry().SiloAddress, Cancel);

        Assert.Empty(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task TheGatewayListHasTheActiveSilosWithAGatewayPort()
    {
        var entries = Enumerable.Range(0, 10).Select(_ => NewEntry()).ToArray();
        entries[3].Status = SiloStatus.Active;
        entries[3].ProxyPort = 0;
        entries[5].Status = SiloStatus.Active;
        entries[9].Status = SiloStatus.Active;
        entries[9].ProxyPort = 30001;
        foreach (var entry in entries) await InsertAsync(entry);
        var gateways = new AzureTableGatewayListProvider(
            _tables,
            Options.Create(new ClusterOptions { ClusterId = _clusterId }),
            Options.Create(new GatewayOptions { GatewayListRefreshPeriod = TimeSpan.FromSeconds(7) }));
        await gateways.InitializeGatewayListProviderAsync(Cancel);

        var list = await gateways.GetGatewaysAsync(Cancel);

        Assert.Equal(
            new[] { Gateway(entries[5]), Gateway(entries[9]) }.Order(),
            list.Select(uri => uri.ToString()).Order());
        Assert.Equal(TimeSpan.FromSeconds(7), gateways.MaxStaleness);

        static string Gateway(MembershipEntry entry) =>
            SiloAddress.New(entry.SiloAddress.Endpoint.Address, entry.ProxyPort, entry.SiloAddress.Generation).ToGatewayUri().ToString();
    }
}
