using System.Text.Json;

namespace Ssgan.Training.Checkpoints;

/// <summary>One tensor's header entry, validated on its own (layout against the others is checked later).</summary>
internal sealed record SafetensorsHeaderEntry(string Name, SafetensorsDtype Dtype, int[] Shape, long Begin, long End, long ElementCount);

/// <summary>Parses and validates the JSON header of a safetensors file.</summary>
internal static class SafetensorsHeaderParser
{
    public static (List<SafetensorsHeaderEntry> Entries, Dictionary<string, string> Metadata) Parse(string path, byte[] header)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException ex)
        {
            throw CheckpointFormatException.For(path, $"malformed header JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw CheckpointFormatException.For(path, $"header JSON is a {document.RootElement.ValueKind}, expected an object");
            }

            var entries = new List<SafetensorsHeaderEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    // JsonDocument keeps duplicate keys; two tensors sharing a name would make loading ambiguous.
                    if (!seen.Add(property.Name))
                    {
                        throw CheckpointFormatException.For(path, $"header names '{property.Name}' twice");
                    }

                    if (property.Name == Safetensors.MetadataKey)
                    {
                        ParseMetadata(path, property.Value, metadata);
                    }
                    else
                    {
                        entries.Add(ParseEntry(path, property.Name, property.Value));
                    }
                }
            }
            catch (InvalidOperationException ex)
            {
                // JsonDocument.Parse does not check the text inside strings: decoding a name or value holding invalid
                // UTF-8 or an unpaired \uD800-style escape throws this. The loop's own checks throw only
                // CheckpointFormatException, so catching it here masks nothing else.
                throw CheckpointFormatException.For(path, $"header JSON has a string that is not valid Unicode: {ex.Message}", ex);
            }

            return (entries, metadata);
        }
    }

    private static void ParseMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw CheckpointFormatException.For(path, $"{Safetensors.MetadataKey} is a {value.ValueKind}, expected an object of strings");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw CheckpointFormatException.For(path, $"metadata '{item.Name}' is a {item.Value.ValueKind}, expected a string");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsHeaderEntry ParseEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw CheckpointFormatException.For(path, $"tensor '{name}' is a {value.ValueKind}, expected an object");
        }

        var dtypeText = Required(path, name, value, "dtype", JsonValueKind.String).GetString();
        var dtype = dtypeText switch
        {
            "F32" => SafetensorsDtype.F32,
            "I64" => SafetensorsDtype.I64,
            _ => throw CheckpointFormatException.For(path, $"tensor '{name}' has dtype {dtypeText}; only F32 and I64 are supported"),
        };

        var shapeElement = Required(path, name, value, "shape", JsonValueKind.Array);
        var shape = new int[shapeElement.GetArrayLength()];
        long elements = 1;
        var index = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out var size) || size < 0)
            {
                throw CheckpointFormatException.For(path, $"tensor '{name}' shape [{Join(shapeElement)}] has a dimension that is not an integer 0–{int.MaxValue}");
            }

            shape[index++] = size;

            // Saturate rather than overflow: any product past int.MaxValue is rejected just below anyway.
            elements = Math.Min(elements * size, (long)int.MaxValue + 1);
        }

        var offsets = Required(path, name, value, "data_offsets", JsonValueKind.Array);
        if (offsets.GetArrayLength() != 2 || !TryOffset(offsets[0], out var begin) || !TryOffset(offsets[1], out var end) || end < begin)
        {
            throw CheckpointFormatException.For(path, $"tensor '{name}' data_offsets [{Join(offsets)}] is not two non-negative integers [begin, end] with begin ≤ end");
        }

        var elementSize = dtype == SafetensorsDtype.F32 ? 4 : 8;
        if (elements > int.MaxValue || elements * elementSize != end - begin)
        {
            throw CheckpointFormatException.For(
                path, $"tensor '{name}' shape [{string.Join(", ", shape)}] of {dtype} needs {elements * elementSize} bytes but data_offsets span {end - begin}");
        }

        return new SafetensorsHeaderEntry(name, dtype, shape, begin, end, elements);
    }

    private static JsonElement Required(string path, string name, JsonElement value, string key, JsonValueKind kind)
    {
        if (!value.TryGetProperty(key, out var element) || element.ValueKind != kind)
        {
            throw CheckpointFormatException.For(path, $"tensor '{name}' lacks '{key}' as a JSON {kind}");
        }

        return element;
    }

    private static bool TryOffset(JsonElement element, out long offset)
    {
        offset = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out offset) && offset >= 0;
    }

    private static string Join(JsonElement array) => string.Join(", ", array.EnumerateArray().Select(e => e.GetRawText()));
}
