using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Declarative.Benchmarks;

/// <summary>
/// In-process runs (TorchSharp's natives are already in this app's output; a generated project per benchmark would
/// copy 600 MB each time), few iterations (tensor kernels are stable), ratios to each suite's baseline, medians.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15));
        AddColumn(StatisticColumn.Median);
        AddColumnProvider(DefaultColumnProviders.Instance);
        WithOptions(ConfigOptions.JoinSummary);
    }
}
