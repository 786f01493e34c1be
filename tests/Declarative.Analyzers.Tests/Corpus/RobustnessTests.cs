using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.Common.Shapes;
using Declarative.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Analyzers.Tests.Corpus;

/// <summary>
/// The analyzers and the generator run on every keystroke, over code that does not compile yet. Over a corpus of
/// broken variants of correct models, neither may throw: no AD0001, no CS8785, no generator exception, and no
/// exception swallowed by shape inference either.
/// </summary>
public class RobustnessTests
{
    private static readonly ConcurrentQueue<Exception> SwallowedByInference = new();

    static RobustnessTests() => ShapeInference.FailureObserver = SwallowedByInference.Enqueue;

    private readonly ITestOutputHelper _output;

    public RobustnessTests(ITestOutputHelper output) => _output = output;

    private static string RepositoryRoot() => Infrastructure.Repository.Root;

    /// <summary>The models of the repository itself: samples and the runtime tests' models.</summary>
    private static IEnumerable<(string Name, string Source)> RepositoryModels()
    {
        string root = RepositoryRoot();
        var folders = new[]
        {
            Path.Combine(root, "samples"),
            Path.Combine(root, "tests", "Declarative.Runtime.Tests", "Models"),
            Path.Combine(root, "tests", "Declarative.Analyzers.Tests", "RealWorld", "Models"),
        };
        return folders
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "Generated"))
            .Select(path => File.ReadAllText(path))
            .Where(source => source.Contains("[Shared(") || source.Contains("[Tied("))
            .Select((source, i) => ($"repository model {i}", source))
            .OrderBy(s => s.Item1, StringComparer.Ordinal);
    }

    [Fact]
    public void The_seeds_are_correct_models()
    {
        foreach (var (name, source) in Seeds.All)
        {
            var diagnostics = AnalyzerHarness.Run((name + ".cs", source));
            Assert.True(diagnostics.IsEmpty, name + ":\n" + string.Join("\n", diagnostics));
        }
    }

    [Fact]
    public void Broken_variants_of_the_models_never_make_the_analyzers_or_the_generator_throw()
    {
        var corpus = Seeds.All.Concat(RepositoryModels()).ToList();
        int variants = 0, reporting = 0;
        var failures = new List<string>();
        foreach (var (name, seed) in corpus)
        {
            // The seeds cover every feature and are broken in more ways; the repository's models (the real-world
            // corpus among them) add real code.
            int perKind = Seeds.All.Any(s => s.Name == name) ? 12 : 2;
            foreach (var (kind, source) in Mutations.Of(seed, seed: StableSeed(name), perKind))
            {
                variants++;
                var (problems, reported) = Check(source);
                if (reported) reporting++;
                foreach (var problem in problems)
                    failures.Add($"{name}, {kind}: {problem}\n--- source ---\n{source}\n--------------");
                if (failures.Count > 3) break;
            }
        }
        _output.WriteLine($"{variants} variants of {corpus.Count} models; {reporting} with Declarative diagnostics");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        Assert.True(SwallowedByInference.IsEmpty, "Shape inference swallowed:\n" + string.Join("\n", SwallowedByInference.Take(3)));
        Assert.True(variants > 300, $"Only {variants} variants.");
        // The analyzers did run on broken code: many variants still get their diagnostics.
        Assert.True(reporting > variants / 10, $"Only {reporting} of {variants} variants got a Declarative diagnostic.");
    }

    private static int StableSeed(string name) => name.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & 0xffff;

    private static (List<string> Problems, bool Reported) Check(string source)
    {
        var problems = new List<string>();
        var compilation = TestCompilation.Create(("Model.cs", source));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DeclarativeGenerator().AsSourceGenerator() }, parseOptions: TestCompilation.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        foreach (var result in driver.GetRunResult().Results)
        {
            if (result.Exception is not null) problems.Add("generator threw " + result.Exception);
        }
        problems.AddRange(generatorDiagnostics.Where(d => d.Id == "CS8785").Select(d => d.ToString()));

        var withAnalyzers = output.WithAnalyzers(AnalyzerHarness.Analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        problems.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()));
        return (problems, diagnostics.Any(d => d.Id.StartsWith("DECL", StringComparison.Ordinal)));
    }
}
