// Kernel paths are values passed to the kernels, so tests share no switch; the few that change the process-wide
// provider or profiler say so with [DoNotParallelize]. Two workers: the machine has two cores.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel, Workers = 2)]
