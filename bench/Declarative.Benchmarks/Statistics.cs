using System.Collections.Generic;
using System.Linq;

namespace Declarative.Benchmarks;

/// <summary>Summaries of the timings that the suites outside BenchmarkDotNet take themselves.</summary>
public static class Statistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
