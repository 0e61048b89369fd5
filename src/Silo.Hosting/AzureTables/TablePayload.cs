using Azure.Data.Tables;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Splits serialized bytes across binary properties <c>Data0..DataN</c> of one entity and joins them back: the layout of
/// a transcript row.
/// </summary>
internal static class TablePayload
{
    /// <summary>The largest binary property Azure Tables stores.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>15 full chunks are 960 KiB, which leaves room within the 1 MiB entity for keys and the other columns.</summary>
    public const int MaxChunks = 15;

    public const int MaxBytes = ChunkSize * MaxChunks;

    const string Prefix = "Data";

    public static void Write(TableEntity entity, ReadOnlyMemory<byte> data)
    {
        var chunk = 0;
        for (var offset = 0; offset < data.Length; offset += ChunkSize, chunk++)
        {
            entity[Prefix + chunk] = data.Slice(offset, Math.Min(ChunkSize, data.Length - offset)).ToArray();
        }
    }

    public static byte[] Read(TableEntity entity)
    {
        var chunks = new List<byte[]>();
        for (var chunk = 0; chunk < MaxChunks && entity.GetBinary(Prefix + chunk) is { } bytes; chunk++)
        {
            chunks.Add(bytes);
        }

        var result = new byte[chunks.Sum(c => c.Length)];
        var position = 0;
        foreach (var bytes in chunks)
        {
            bytes.CopyTo(result, position);
            position += bytes.Length;
        }

        return result;
    }
}
