using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Declarative.Benchmarks;

/// <summary>
/// BenchmarkDotNet's defaults (console log, Markdown and CSV results under BenchmarkDotNet.Artifacts), with in-process
/// runs (TorchSharp's natives are in this app's output already; a project generated per benchmark would copy 600 MB
/// each time), fewer iterations, and the median beside the mean.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(20));
        AddColumn(StatisticColumn.Median);
    }
}
