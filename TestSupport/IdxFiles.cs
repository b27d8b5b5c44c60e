using System.Buffers.Binary;
using System.IO.Compression;

namespace Ssgan.TestSupport;

/// <summary>Builds small (possibly deliberately broken) IDX files for tests.</summary>
internal static class IdxFiles
{
    public static byte[] Images(uint count, uint rows, uint cols, int payloadBytes, uint magic = 0x803, byte fill = 0)
    {
        var bytes = new byte[16 + payloadBytes];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), cols);
        bytes.AsSpan(16).Fill(fill);
        return bytes;
    }

    public static byte[] Labels(uint count, ReadOnlySpan<byte> labels, uint magic = 0x801)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), count);
        labels.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(string path)
    {
        using var input = System.IO.File.OpenRead(path);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
