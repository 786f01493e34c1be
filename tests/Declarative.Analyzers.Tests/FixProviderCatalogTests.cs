using System;
using System.IO;
using System.Linq;
using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// The code fix providers as unattended tools meet them: <c>dotnet format</c> runs, for each ID, every provider of
/// that ID with the equivalence key of the first fix offered, through the provider's Fix All at solution scope.
/// </summary>
public class FixProviderCatalogTests
{
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

    [Fact]
    public void The_dotnet_format_consumer_has_two_instances_of_every_fixable_diagnostic()
    {
        string folder = Path.Combine(Repository.Root, "tests", "Declarative.Package.Tests", "Consumer");
        var files = Directory.GetFiles(folder, "Mistakes.*.cs").Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        Assert.NotEmpty(files);
        var found = AnalyzerHarness.Run(files).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());

        var missing = Providers.SelectMany(p => p.FixableDiagnosticIds)
            .Where(id => !found.TryGetValue(id, out int count) || count < 2)
            .OrderBy(id => id, StringComparer.Ordinal);
        Assert.Empty(missing);
    }
}
