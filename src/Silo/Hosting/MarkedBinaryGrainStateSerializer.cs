using System.Buffers;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// The grain states of <see cref="StorageNames.Handoff"/> in Orleans' binary format (the one grain calls use), behind a
/// marker, so a row written before this format still reads: anything unmarked is handed to the serializer that wrote it
/// then, Orleans' JSON one, and the next write of that state is binary. Binary states are several times smaller and
/// cheaper to write than JSON with type names, and every state is written on each change (README "Performance").
/// </summary>
public sealed class MarkedBinaryGrainStateSerializer(Serializer binary, IGrainStorageSerializer earlierFormat) : IGrainStorageSerializer
{
    /// <summary>A NUL first byte: never the start of a JSON document, so no JSON row can be taken for a binary one.</summary>
    static ReadOnlySpan<byte> Marker => "\0hb1"u8;

    public BinaryData Serialize<T>(T? input)
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write(Marker);
        binary.Serialize(input, output);
        return new BinaryData(output.WrittenMemory);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var bytes = input.ToMemory();
        return bytes.Span.StartsWith(Marker) ? binary.Deserialize<T>(bytes[Marker.Length..]) : earlierFormat.Deserialize<T>(input);
    }

    /// <summary>Whether <paramref name="stored"/> was written in this format rather than an earlier one.</summary>
    public static bool IsMarked(ReadOnlySpan<byte> stored) => stored.StartsWith(Marker);
}
