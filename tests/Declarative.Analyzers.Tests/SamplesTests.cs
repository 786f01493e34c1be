using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Declarative.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// The samples are correct models: no Declarative diagnostic fires on them. They are compiled here against
/// TorchSharp and Declarative only (not the gallery's UI packages), so errors outside the models are expected and
/// ignored; the classes with [Shared] or [Tied] fields must bind without error, or the check would prove nothing.
/// </summary>
public class SamplesTests
{
    private static string RepositoryRoot([CallerFilePath] string file = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));

    [Fact]
    public void No_diagnostic_fires_on_the_samples()
    {
        string samples = Path.Combine(RepositoryRoot(), "samples");
        var files = Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
            // Generated/ is the committed copy of the generator's output, for reading: the gallery does not compile it.
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "Generated"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (Path: Path.GetRelativePath(samples, path), Source: File.ReadAllText(path)))
            .ToArray();
        Assert.NotEmpty(files);

        var (_, output) = TestCompilation.Generate(TestCompilation.Create(files).WithOptions(TestCompilation.Options.WithOutputKind(OutputKind.ConsoleApplication)));
        var modelSpans = output.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Where(type => type.Members.OfType<FieldDeclarationSyntax>().Any(f => f.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Shared" or "Tied")))
            .Select(type => (type.SyntaxTree, type.Span))
            .ToList();
        var errorsInModels = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && modelSpans.Any(m => m.SyntaxTree == d.Location.SourceTree && m.Span.Contains(d.Location.SourceSpan)))
            .ToList();
        Assert.True(errorsInModels.Count == 0, "A sample model does not bind:\n" + string.Join("\n", errorsInModels));

        var diagnostics = AnalyzerHarness.Analyze(output);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
    }
}
