using BenchmarkDotNet.Running;
using Declarative.Benchmarks;

// dotnet run -c Release --project bench/Declarative.Benchmarks -- --filter '*'     (all BenchmarkDotNet suites)
// dotnet run -c Release --project bench/Declarative.Benchmarks -- memory          (parameter and optimizer bytes)
// dotnet run -c Release --project bench/Declarative.Benchmarks -- checkpoint [N]  (a 500 MB checkpoint load, N rounds)
// dotnet run -c Release --project bench/Declarative.Benchmarks -- build-cost [N] [--before PATH]  (real dotnet builds of 1,000 models)
// dotnet run -c Release --project bench/Declarative.Benchmarks -- generated-code-cost [N]  (what compiling their generated code costs)
// dotnet run -c Release --project bench/Declarative.Benchmarks -- edit-cost [N]   (N one-line edits, generator vs floor)
if (args.Length > 0 && args[0] == "memory")
{
    MemoryReport.Print(System.Console.Out);
    return 0;
}
if (args.Length > 0 && args[0] == "checkpoint")
{
    CheckpointLoadBenchmark.Run(System.Console.Out, rounds: args.Length > 1 ? int.Parse(args[1]) : 5);
    return 0;
}
if (args.Length > 0 && args[0] == "build-cost")
{
    string? before = args.Length > 3 && args[2] == "--before" ? args[3] : null;
    BuildCostBenchmark.Run(System.Console.Out, rounds: args.Length > 1 ? int.Parse(args[1]) : 5, before);
    return 0;
}
if (args.Length > 0 && args[0] == "generated-code-cost")
{
    GeneratedCodeCost.Run(System.Console.Out, rounds: args.Length > 1 ? int.Parse(args[1]) : 5);
    return 0;
}
if (args.Length > 0 && args[0] == "edit-cost")
{
    EditCostBenchmark.Run(System.Console.Out, keystrokes: args.Length > 1 ? int.Parse(args[1]) : 400);
    return 0;
}
if (args.Length == 3 && args[0] == "checkpoint-load")
{
    CheckpointLoadBenchmark.LoadOnce(args[1], args[2], System.Console.Out);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(MemoryReport).Assembly).Run(args, new BenchmarkConfig());
return 0;
