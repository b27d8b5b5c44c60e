using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Ssgan.Training.Checkpoints;

/// <summary>
/// Reads safetensors files. Every number in the header is untrusted: nothing is allocated from it until it has
/// been checked against the file's real length.
/// </summary>
internal static class SafetensorsReader
{
    public static SafetensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw CheckpointFormatException.For(path, $"file not found at '{Path.GetFullPath(path)}'");
        }

        IO.RegularFile.Require(path, problem => CheckpointFormatException.For(path, problem));
        using var handle = File.OpenHandle(path);
        var fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
        {
            throw CheckpointFormatException.For(path, $"file is {fileLength} bytes, too short for the 8-byte header length");
        }

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(path, handle, prefix, 0);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)Safetensors.MaxHeaderBytes)
        {
            throw CheckpointFormatException.For(path, $"header length {headerLength} exceeds the {Safetensors.MaxHeaderBytes}-byte cap");
        }

        if (headerLength > (ulong)(fileLength - 8))
        {
            throw CheckpointFormatException.For(path, $"header length {headerLength} is larger than the {fileLength - 8} bytes after it");
        }

        var header = new byte[(int)headerLength];
        ReadExactly(path, handle, header, 8);
        var dataStart = 8 + (long)headerLength;
        var (entries, metadata) = SafetensorsHeaderParser.Parse(path, header);
        CheckLayout(path, entries, fileLength - dataStart);

        var tensors = new List<SafetensorsTensor>(entries.Count);
        foreach (var entry in entries)
        {
            tensors.Add(ReadTensor(path, handle, entry, dataStart));
        }

        return new SafetensorsFile(path, tensors, metadata);
    }

    /// <summary>Sorted by offset, tensors must tile the data section exactly: no overlaps, gaps, or stray bytes.</summary>
    private static void CheckLayout(string path, List<SafetensorsHeaderEntry> entries, long dataLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        string? previous = null;
        foreach (var entry in entries)
        {
            if (entry.End > dataLength)
            {
                throw CheckpointFormatException.For(
                    path, $"tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] run past the {dataLength}-byte data section (truncated file?)");
            }

            if (entry.Begin < expected)
            {
                throw CheckpointFormatException.For(path, $"tensor '{entry.Name}' at byte {entry.Begin} overlaps '{previous}', which ends at {expected}");
            }

            if (entry.Begin > expected)
            {
                throw CheckpointFormatException.For(
                    path, $"gap of {entry.Begin - expected} bytes before tensor '{entry.Name}' (begins at {entry.Begin}, previous data ends at {expected})");
            }

            expected = entry.End;
            previous = entry.Name;
        }

        if (expected != dataLength)
        {
            throw CheckpointFormatException.For(path, $"data section is {dataLength} bytes but the tensors cover only {expected}");
        }
    }

    private static SafetensorsTensor ReadTensor(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle, SafetensorsHeaderEntry entry, long dataStart)
    {
        // Element counts were checked against data_offsets, which were checked against the file length.
        var count = (int)entry.ElementCount;
        var offset = dataStart + entry.Begin;
        if (entry.Dtype == SafetensorsDtype.F32)
        {
            var floats = new float[count];
            ReadExactly(path, handle, MemoryMarshal.AsBytes(floats.AsSpan()), offset);
            if (!BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(floats.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            return new SafetensorsTensor(entry.Name, entry.Dtype, entry.Shape, floats, null);
        }

        var longs = new long[count];
        ReadExactly(path, handle, MemoryMarshal.AsBytes(longs.AsSpan()), offset);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(longs, longs);
        }

        return new SafetensorsTensor(entry.Name, entry.Dtype, entry.Shape, null, longs);
    }

    private static void ReadExactly(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> destination, long offset)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var got = RandomAccess.Read(handle, destination[done..], offset + done);
            if (got == 0)
            {
                throw CheckpointFormatException.For(path, $"file ends at byte {offset + done}, expected data up to byte {offset + destination.Length}");
            }

            done += got;
        }
    }
}
