using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Ssgan.Training.Data;

/// <summary>
/// The byte stream of one IDX file, decompressed on the fly when it is gzip'd, optionally hashed as it is read.
/// Every size it is asked to read comes from an untrusted header, so it never allocates more than it has proven
/// the file can deliver.
/// </summary>
internal sealed class IdxSource : IDisposable
{
    private const int InitialGzipBuffer = 1 << 20;
    private readonly FileStream _file;
    private readonly Stream _data;
    private readonly IncrementalHash? _hash;
    private long _consumed;

    private IdxSource(string path, FileStream file, Stream data, bool isGzip, IncrementalHash? hash)
    {
        Path = path;
        _file = file;
        _data = data;
        IsGzip = isGzip;
        _hash = hash;
    }

    public string Path { get; }

    public bool IsGzip { get; }

    public static IdxSource Open(string path, IncrementalHash? hash)
    {
        if (!File.Exists(path))
        {
            throw DataFormatException.For(path, $"file not found at '{path}'");
        }

        IO.RegularFile.Require(path, problem => DataFormatException.For(path, problem));
        var file = File.OpenRead(path);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            if (got == 0)
            {
                throw DataFormatException.For(path, "file is empty");
            }

            // Detect by content: a .gz suffix on a raw file (or the reverse) is a common download mistake.
            var isGzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            if (!isGzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                throw DataFormatException.For(path, $"named .gz but is not gzip (starts with {Convert.ToHexString(magic[..got])}, gzip starts with 1F8B)");
            }

            file.Position = 0;
            Stream data = isGzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            return new IdxSource(path, file, data, isGzip, hash);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads the fixed header and returns its big-endian u32 fields (the magic number first).</summary>
    public uint[] ReadHeader(int fields)
    {
        var header = new byte[fields * 4];
        var got = Fill(header);
        if (got < header.Length)
        {
            throw DataFormatException.For(Path, $"data ends after {got} bytes, inside the {header.Length}-byte header");
        }

        var values = new uint[fields];
        for (var i = 0; i < fields; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(i * 4));
        }

        return values;
    }

    /// <summary>Reads exactly <paramref name="declared"/> payload bytes and proves nothing follows them.</summary>
    public byte[] ReadPayload(UInt128 declared, string what)
    {
        if (declared > (UInt128)Array.MaxLength)
        {
            throw DataFormatException.For(Path, $"header declares {declared} bytes of {what}, more than the {Array.MaxLength} this reader supports");
        }

        var expected = (int)declared;
        return IsGzip ? ReadGzipPayload(expected, what) : ReadRawPayload(expected, what);
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_data, _file))
        {
            _data.Dispose();
        }

        _file.Dispose();
    }

    private byte[] ReadRawPayload(int expected, string what)
    {
        // The file length is known, so check the claim before allocating anything.
        var remaining = _file.Length - _consumed;
        if (remaining < expected)
        {
            throw DataFormatException.For(Path, $"truncated: header declares {expected} bytes of {what} but only {remaining} follow");
        }

        if (remaining > expected)
        {
            throw DataFormatException.For(Path, $"{remaining - expected} trailing bytes after the {expected} bytes of {what} the header declares");
        }

        var payload = new byte[expected];
        Fill(payload);
        return payload;
    }

    private byte[] ReadGzipPayload(int expected, string what)
    {
        // The decompressed length is unknown until the stream ends, so grow with the data actually delivered:
        // a lying header on a tiny file costs at most the initial buffer. Real MNIST compresses ~5:1, so starting
        // at 8x the compressed size usually lands on the exact size in one allocation.
        var initial = (int)Math.Min(expected, Math.Max(InitialGzipBuffer, Math.Min(_file.Length * 8L, Array.MaxLength)));
        var buffer = new byte[initial];
        var filled = 0;
        try
        {
            while (filled < expected)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(expected, buffer.Length * 2L));
                }

                var got = Fill(buffer.AsSpan(filled, buffer.Length - filled));
                filled += got;
                if (filled < buffer.Length)
                {
                    throw DataFormatException.For(Path, $"truncated: header declares {expected} bytes of {what} but only {filled} follow");
                }
            }

            Span<byte> probe = stackalloc byte[1];
            if (_data.Read(probe) != 0)
            {
                throw DataFormatException.For(Path, $"trailing bytes after the {expected} bytes of {what} the header declares");
            }
        }
        catch (InvalidDataException ex)
        {
            throw DataFormatException.For(Path, $"corrupt gzip data after {_consumed} decompressed bytes ({ex.Message})", ex);
        }

        return buffer;
    }

    private int Fill(Span<byte> destination)
    {
        int got;
        try
        {
            got = _data.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            throw DataFormatException.For(Path, $"corrupt gzip data after {_consumed} decompressed bytes ({ex.Message})", ex);
        }

        _hash?.AppendData(destination[..got]);
        _consumed += got;
        return got;
    }
}
