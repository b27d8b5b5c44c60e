using System.Runtime.InteropServices;

namespace Ssgan.Engine.Blas;

/// <summary>
/// Process-wide MKL state. libmkl_rt picks its threading layer on the first call and, left to itself in a
/// .NET process, dies resolving omp_get_num_procs (exit 127). So a layer is chosen explicitly, once, before
/// any other MKL call; environment variables set from .NET never reach MKL's getenv.
/// </summary>
internal static unsafe class MklRuntime
{
    public const int LayerSequential = 1;
    public const int LayerGnu = 3;
    private const int InterfaceLp64 = 0;
    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;

    private static readonly Lazy<(NativeBlasLibrary? Lib, string Reason)> Library = new(() =>
    {
        NativeBlasLibrary? lib = NativeBlasLibrary.TryLoad(
            ["libmkl_rt.so", "libmkl_rt.so.1", "libmkl_rt.so.2"],
            ["cblas_sgemm", "MKL_Set_Threading_Layer", "MKL_Set_Interface_Layer", "MKL_Set_Num_Threads",
             "MKL_Get_Max_Threads", "MKL_Get_Version_String"],
            "install libmkl-rt from Debian non-free", out string reason);
        return (lib, reason);
    });

    private static readonly Lock Gate = new();

    /// <summary>Chosen threading layer, 0 until the first provider is created.</summary>
    public static int Layer { get; private set; }

    /// <summary>Why the layer is what it is (e.g. libgomp missing, or fixed by an earlier provider).</summary>
    public static string LayerNote { get; private set; } = "";

    public static NativeBlasLibrary? Lib(out string reason)
    {
        (NativeBlasLibrary? lib, string why) = Library.Value;
        reason = why;
        return lib;
    }

    /// <summary>GNU OpenMP threads when more than one thread is wanted, sequential otherwise; fixed for the process.</summary>
    public static void EnsureLayer(NativeBlasLibrary lib, int threads)
    {
        lock (Gate)
        {
            if (Layer != 0)
            {
                if (Layer == LayerSequential && threads > 1 && LayerNote.Length == 0)
                {
                    LayerNote = "sequential: fixed by an earlier 1-thread MKL provider; MKL cannot switch layers in-process";
                }

                return;
            }

            int layer = LayerSequential;
            if (threads > 1)
            {
                // libmkl_gnu_thread needs libgomp's symbols global, which NativeLibrary.Load (RTLD_LOCAL) cannot give.
                layer = DlopenGlobal("libgomp.so.1", out string error) ? LayerGnu : LayerSequential;
                LayerNote = layer == LayerGnu ? "" : $"sequential: libgomp.so.1 could not be loaded ({error})";
            }

            ((delegate* unmanaged<int, int>)lib.Export("MKL_Set_Threading_Layer"))(layer);
            ((delegate* unmanaged<int, int>)lib.Export("MKL_Set_Interface_Layer"))(InterfaceLp64);
            Layer = layer;
        }
    }

    private static bool DlopenGlobal(string soname, out string error)
    {
        foreach (string libc in new[] { "libc.so.6", "libdl.so.2" })
        {
            if (NativeLibrary.TryLoad(libc, out nint handle) &&
                NativeLibrary.TryGetExport(handle, "dlopen", out nint dlopen) &&
                NativeLibrary.TryGetExport(handle, "dlerror", out nint dlerror))
            {
                nint name = Marshal.StringToCoTaskMemUTF8(soname);
                try
                {
                    nint loaded = ((delegate* unmanaged<nint, int, nint>)dlopen)(name, RtldNow | RtldGlobal);
                    error = loaded == 0 ? Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)dlerror)()) ?? "?" : "";
                    return loaded != 0;
                }
                finally
                {
                    Marshal.FreeCoTaskMem(name);
                }
            }
        }

        error = "dlopen not found in libc.so.6 or libdl.so.2";
        return false;
    }

    public static string Version(NativeBlasLibrary lib)
    {
        byte* buffer = stackalloc byte[256];
        ((delegate* unmanaged<byte*, int, void>)lib.Export("MKL_Get_Version_String"))(buffer, 256);
        return Marshal.PtrToStringUTF8((nint)buffer)?.Trim() ?? "?";
    }
}
