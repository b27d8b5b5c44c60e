using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Ssgan.Training.IO;

/// <summary>
/// Refuses FIFOs, devices, sockets and directories before they are opened: opening a FIFO for reading blocks until
/// a writer appears, and a device can deliver endless bytes. Linux x86-64 only (the project's one runtime).
/// </summary>
public static partial class RegularFile
{
    private const int ModeOffset = 24; // st_mode in the x86-64 struct stat (after st_dev, st_ino, st_nlink)
    private const uint TypeMask = 0xF000, Regular = 0x8000;

    /// <summary>What the path is when it exists and is not a regular file ("a FIFO", …); null when regular or absent.</summary>
    public static string? Problem(string path)
    {
        Span<byte> stat = stackalloc byte[256];
        int result;
        try
        {
            unsafe
            {
                fixed (byte* buffer = stat)
                {
                    result = Stat(path, buffer);
                }
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library older than glibc 2.33 exports no stat symbol: skip the check, as before it existed
        }

        if (result != 0)
        {
            return null; // absent or unreadable: the caller's own open reports it
        }

        var type = BinaryPrimitives.ReadUInt32LittleEndian(stat[ModeOffset..]) & TypeMask;
        return type switch
        {
            Regular => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x4000 => "a directory",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => $"not a regular file (type 0x{type:X4})",
        };
    }

    /// <summary>Throws <paramref name="error"/>("PATH: is a FIFO …, not a regular file") unless the path is a regular file or absent.</summary>
    public static void Require(string path, Func<string, Exception> error)
    {
        if (Problem(path) is { } problem)
        {
            throw error($"{path}: is {problem}, not a regular file");
        }
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);
}
