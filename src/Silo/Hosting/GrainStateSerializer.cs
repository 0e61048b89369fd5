using System.Buffers;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>How grain states are written. Both are always read.</summary>
public enum GrainStateFormat
{
    /// <summary>Orleans' binary format, the one grain calls use, behind a marker: several times smaller and cheaper than JSON.</summary>
    Binary,

    /// <summary>Orleans' JSON with type names, the only format versions before the binary one read.</summary>
    Json,
}

/// <summary>Bound to <c>Handoff:GrainState</c>.</summary>
public sealed class GrainStateOptions
{
    public const string Section = "Handoff:GrainState";

    /// <summary>
    /// <see cref="GrainStateFormat.Json"/> only while silos of a version that reads no binary still run beside this one
    /// (a rolling upgrade from it): they must be able to read every state this silo writes.
    /// </summary>
    public GrainStateFormat WriteFormat { get; set; } = GrainStateFormat.Binary;
}

/// <summary>
/// The grain states of <see cref="StorageNames.Handoff"/>: written in <see cref="GrainStateOptions.WriteFormat"/>, read
/// in either, so a row stored as JSON by an earlier version still reads and moves to binary on its next write, with no
/// migration step (README "Performance" has the sizes and the throughput).
/// </summary>
public sealed class GrainStateSerializer(Serializer binary, IGrainStorageSerializer json, IOptions<GrainStateOptions> options) : IGrainStorageSerializer
{
    /// <summary>A NUL first byte: never the start of a JSON document, so no JSON row can be taken for a binary one.</summary>
    static ReadOnlySpan<byte> Marker => "\0hb1"u8;

    public BinaryData Serialize<T>(T? input)
    {
        if (options.Value.WriteFormat == GrainStateFormat.Json) return json.Serialize(input);
        var output = new ArrayBufferWriter<byte>();
        output.Write(Marker);
        binary.Serialize(input, output);
        return new BinaryData(output.WrittenMemory);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var bytes = input.ToMemory();
        return IsBinary(bytes.Span) ? binary.Deserialize<T>(bytes[Marker.Length..]) : json.Deserialize<T>(input);
    }

    /// <summary>Whether <paramref name="stored"/> was written in the binary format.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> stored) => stored.StartsWith(Marker);
}
