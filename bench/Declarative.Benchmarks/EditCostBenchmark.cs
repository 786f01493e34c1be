using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Declarative.Generator;

namespace Declarative.Benchmarks;

/// <summary>
/// The generator after a one-line edit against its floor, timed keystroke by keystroke in alternation in one process,
/// so that both see the same load; the ratio of their medians is the figure. BenchmarkDotNet's suite
/// (<see cref="GeneratorEditBenchmarks"/>) measures each in a process of its own, minutes apart, and on a shared
/// machine the ratio of two such runs moves with the load between them.
/// </summary>
internal sealed class EditCostBenchmark : ThousandModelProject
{
    /// <summary>Keystrokes before timing: the JIT optimizes what runs once an edit within about 90.</summary>
    private const int WarmUp = 150;

    private EditedProject _generator = null!, _floor = null!;

    protected override void SetupSuite()
    {
        var project = NewCompilation();
        _generator = new EditedProject(project, NewDriver(new DeclarativeGenerator()));
        _floor = new EditedProject(project, NewDriver(new OneFilePerModelOnly()));
    }

    public static void Run(TextWriter output, int keystrokes)
    {
        var suite = new EditCostBenchmark();
        suite.Setup();
        for (int i = 0; i < WarmUp; i++)
        {
            Time(suite._generator);
            Time(suite._floor);
        }

        var generator = new List<double>();
        var floor = new List<double>();
        for (int i = 0; i < keystrokes; i++)
        {
            // The order alternates, so that neither side always runs right after the other's garbage.
            if (i % 2 == 0)
            {
                generator.Add(Time(suite._generator));
                floor.Add(Time(suite._floor));
            }
            else
            {
                floor.Add(Time(suite._floor));
                generator.Add(Time(suite._generator));
            }
        }

        double generatorMedian = Statistics.Median(generator), floorMedian = Statistics.Median(floor);
        output.WriteLine($"one-line edit inside forward, {keystrokes} keystrokes each, alternating, after {WarmUp} to warm up:");
        output.WriteLine($"  generator: median {generatorMedian:F2} ms, mean {generator.Average():F2} ms");
        output.WriteLine($"  floor:     median {floorMedian:F2} ms, mean {floor.Average():F2} ms");
        output.WriteLine($"  ratio of the medians: {generatorMedian / floorMedian:F2}x; of the means: {generator.Average() / floor.Average():F2}x");
    }

    private static double Time(EditedProject project)
    {
        project.NextKeystroke();
        var clock = Stopwatch.StartNew();
        project.Run();
        return clock.Elapsed.TotalMilliseconds;
    }
}
