// Two workers: the machine has two cores, and tests share nothing but read-only bundled files.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel, Workers = 2)]
