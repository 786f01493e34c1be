using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Analyzers.Tests.Corpus;
using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// The code fix providers as unattended tools meet them: <c>dotnet format</c> runs, for each ID, every provider of
/// that ID with the equivalence key of the first fix offered, through the provider's Fix All at solution scope.
/// </summary>
public class FixProviderCatalogTests
{
    private readonly ITestOutputHelper _output;

    public FixProviderCatalogTests(ITestOutputHelper output) => _output = output;

    private static readonly CodeFixProvider[] Providers = typeof(SharedShapeCodeFix).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToArray();

    [Fact]
    public void No_diagnostic_ID_is_served_by_two_fix_providers()
    {
        var shared = Providers.SelectMany(p => p.FixableDiagnosticIds.Select(id => (Id: id, Provider: p.GetType().Name)))
            .GroupBy(x => x.Id)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(x => x.Provider)));
        Assert.Empty(shared);
    }

    [Fact]
    public void Every_fix_provider_fixes_all_in_a_solution()
    {
        foreach (var provider in Providers)
            Assert.Contains(FixAllScope.Solution, provider.GetFixAllProvider()!.GetSupportedFixAllScopes());
    }

    private static (string Name, string Source)[] ConsumerMistakes()
    {
        string folder = Path.Combine(Repository.Root, "tests", "Declarative.Package.Tests", "Consumer");
        var files = Directory.GetFiles(folder, "Mistakes.*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        Assert.NotEmpty(files);
        return files;
    }

    [Fact]
    public void Broken_variants_of_the_fixable_mistakes_never_make_a_fix_throw()
    {
        // Fixes run in the editor on code being typed: the consumer's mistakes, and broken variants of them.
        int variants = 0, applied = 0;
        var failures = new List<string>();
        foreach (var (name, source) in ConsumerMistakes())
        {
            foreach (var (kind, variant) in Mutations.Of(source, seed: name.Length, perKind: 3).Prepend(("as written", source)))
            {
                variants++;
                var (problems, fixes) = CodeFixHarness.ApplyEverything(Providers, variant);
                applied += fixes;
                failures.AddRange(problems.Select(p => $"{name}, {kind}: {p}\n--- source ---\n{variant}"));
                if (failures.Count > 0) break;
            }
        }
        _output.WriteLine($"{applied} fixes over {variants} variants");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(1)));
        Assert.True(variants > 20, $"Only {variants} variants.");
        // The variants are broken, yet most still get fixable diagnostics: the fixes did run on broken code.
        Assert.True(applied > 5 * variants, $"Only {applied} fixes ran over {variants} variants.");
    }

    [Fact]
    public void The_dotnet_format_consumer_has_two_instances_of_every_fixable_diagnostic()
    {
        var files = ConsumerMistakes();
        var found = AnalyzerHarness.Run(files).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());

        var missing = Providers.SelectMany(p => p.FixableDiagnosticIds)
            .Where(id => !found.TryGetValue(id, out int count) || count < 2)
            .OrderBy(id => id, StringComparer.Ordinal);
        Assert.Empty(missing);
    }
}
