using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Ssgan.Training.Checkpoints;

/// <summary>Writes safetensors files atomically; see <see cref="Safetensors.Write(string, IReadOnlyList{SafetensorsEntry}, IReadOnlyDictionary{string, string}?)"/>.</summary>
internal static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(tensors);
        Validate(tensors);
        var header = BuildHeader(tensors, metadata);

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = full + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var tensor in tensors)
                {
                    WriteData(stream, tensor);
                }

                // Flush to the disk, not just the OS cache, before the rename makes the file visible under its real name.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void Validate(IReadOnlyList<SafetensorsEntry> tensors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (tensor.Name is null || tensor.Shape is null)
            {
                throw new ArgumentException("an entry is default(SafetensorsEntry); build entries with F32 or I64", nameof(tensors));
            }

            if (tensor.Name == Safetensors.MetadataKey || !seen.Add(tensor.Name))
            {
                throw new ArgumentException($"tensor name '{tensor.Name}' is reserved or used twice", nameof(tensors));
            }

            long product = 1;
            foreach (var dim in tensor.Shape)
            {
                if (dim < 0)
                {
                    throw new ArgumentException($"tensor '{tensor.Name}' has negative dimension {dim} in shape [{string.Join(", ", tensor.Shape)}]", nameof(tensors));
                }

                product = checked(product * dim);
            }

            if (product != tensor.Length)
            {
                throw new ArgumentException(
                    $"tensor '{tensor.Name}' has {tensor.Length} values but shape [{string.Join(", ", tensor.Shape)}] needs {product}", nameof(tensors));
            }
        }
    }

    private static byte[] BuildHeader(IReadOnlyList<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(Safetensors.MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in tensors)
            {
                var bytes = (long)tensor.Length * (tensor.Dtype == SafetensorsDtype.F32 ? 4 : 8);
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.Dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        // The format pads the header with spaces so the data starts 8-byte aligned.
        var padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteData(FileStream stream, SafetensorsEntry tensor)
    {
        if (tensor.Dtype == SafetensorsDtype.F32)
        {
            var values = tensor.Floats.Span;
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values));
                return;
            }

            var swapped = MemoryMarshal.Cast<float, int>(values).ToArray();
            BinaryPrimitives.ReverseEndianness(swapped, swapped);
            stream.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
        }
        else
        {
            var values = tensor.Int64s.Span;
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values));
                return;
            }

            var swapped = values.ToArray();
            BinaryPrimitives.ReverseEndianness(swapped, swapped);
            stream.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
        }
    }
}
