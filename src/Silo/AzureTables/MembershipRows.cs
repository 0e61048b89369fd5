using System.Globalization;
using Azure.Data.Tables;
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>How a cluster's membership is laid out in its partition: one version row and one row per silo.</summary>
internal static class MembershipRows
{
    /// <summary>
    /// '!' sorts before every silo row key (escaped silo addresses start with a digit, a hex letter, ':' or '['), so a
    /// partition scan reads the version row first: what <see cref="AzureTableMembershipTable"/>'s paged read relies on.
    /// </summary>
    public const string VersionRowKey = "!version";

    public const string Version = nameof(Version);

    /// <summary>
    /// A silo row's concurrency token as the membership protocol sees it. Unlike the Azure ETag it does not change on
    /// heartbeats (<c>UpdateIAmAlive</c> merges one column), so a heartbeat never invalidates an ETag a silo just read.
    /// </summary>
    public const string Revision = nameof(Revision);

    public const string Status = nameof(Status);
    public const string ProxyPort = nameof(ProxyPort);
    public const string IAmAliveTime = nameof(IAmAliveTime);
    public const string SiloAddress = nameof(SiloAddress);

    public static string SiloRowKey(SiloAddress address) => TableKeys.Escape(address.ToParsableString());

    public static TableEntity VersionRow(string partitionKey, int version) => new(partitionKey, VersionRowKey) { [Version] = version };

    public static TableVersion ToTableVersion(TableEntity row) =>
        new(row.GetInt32(Version) ?? throw new InvalidDataException($"Membership version row in partition '{row.PartitionKey}' has no {Version} column."), row.ETag.ToString());

    public static TableEntity SiloRow(string partitionKey, MembershipEntry entry, string revision)
    {
        var row = new TableEntity(partitionKey, SiloRowKey(entry.SiloAddress))
        {
            [SiloAddress] = entry.SiloAddress.ToParsableString(),
            [Revision] = revision,
            [Status] = entry.Status.ToString(),
            [ProxyPort] = entry.ProxyPort,
            ["HostName"] = entry.HostName,
            ["SiloName"] = entry.SiloName,
            ["RoleName"] = entry.RoleName,
            ["UpdateZone"] = entry.UpdateZone,
            ["FaultZone"] = entry.FaultZone,
            ["StartTime"] = Print(entry.StartTime),
            [IAmAliveTime] = Print(entry.IAmAliveTime),
        };

        if (entry.SuspectTimes is { } votes)
        {
            row["SuspectingSilos"] = string.Join('|', votes.Select(vote => vote.Item1.ToParsableString()));
            row["SuspectingTimes"] = string.Join('|', votes.Select(vote => Print(vote.Item2)));
        }

        return row;
    }

    public static TableEntity HeartbeatRow(string partitionKey, MembershipEntry entry) =>
        new(partitionKey, SiloRowKey(entry.SiloAddress)) { [IAmAliveTime] = Print(entry.IAmAliveTime) };

    public static MembershipEntry ToEntry(TableEntity row)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = Runtime.SiloAddress.FromParsableString(row.GetString(SiloAddress)),
            Status = Enum.Parse<SiloStatus>(row.GetString(Status)),
            ProxyPort = row.GetInt32(ProxyPort) ?? 0,
            HostName = row.GetString("HostName") ?? "",
            SiloName = row.GetString("SiloName") ?? "",
            RoleName = row.GetString("RoleName"),
            UpdateZone = row.GetInt32("UpdateZone") ?? 0,
            FaultZone = row.GetInt32("FaultZone") ?? 0,
            StartTime = Parse(row.GetString("StartTime")),
            IAmAliveTime = Parse(row.GetString(IAmAliveTime)),
        };

        if (row.GetString("SuspectingSilos") is { } silos && row.GetString("SuspectingTimes") is { } times)
        {
            entry.SuspectTimes = [.. silos.Length == 0
                ? []
                : silos.Split('|').Zip(times.Split('|'), (silo, time) => Tuple.Create(Runtime.SiloAddress.FromParsableString(silo), Parse(time)))];
        }

        return entry;
    }

    /// <summary>
    /// The latest moment the entry is known to have changed: start, heartbeat or a suspicion vote (a death is declared
    /// by a vote, so a silo declared dead just now counts as recent however long ago it last heartbeated).
    /// </summary>
    public static DateTime LastUpdate(MembershipEntry entry)
    {
        var latest = Utc(entry.StartTime) > Utc(entry.IAmAliveTime) ? Utc(entry.StartTime) : Utc(entry.IAmAliveTime);
        foreach (var (_, voted) in entry.SuspectTimes ?? [])
        {
            if (Utc(voted) > latest) latest = Utc(voted);
        }

        return latest;
    }

    static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);

    // Round-trip strings rather than Edm.DateTime: exact to the tick, and DateTime.MinValue (a heartbeat-only entry's
    // start time) is outside Azure's DateTime range.
    static string Print(DateTime time) => time.ToString("O", CultureInfo.InvariantCulture);

    static DateTime Parse(string? text) =>
        string.IsNullOrEmpty(text) ? default : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
