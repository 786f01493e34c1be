using BenchmarkDotNet.Running;
using Declarative.Benchmarks;

// dotnet run -c Release --project bench/Declarative.Benchmarks -- --filter '*'     (all BenchmarkDotNet suites)
// dotnet run -c Release --project bench/Declarative.Benchmarks -- memory          (parameter and optimizer bytes)
if (args.Length > 0 && args[0] == "memory")
{
    MemoryReport.Print(System.Console.Out);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(MemoryReport).Assembly).Run(args, new BenchmarkConfig());
return 0;
