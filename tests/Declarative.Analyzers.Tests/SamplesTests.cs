using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Declarative.Analyzers.Annotations;
using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// The samples are correct models: no Declarative diagnostic fires on them. They are compiled here against
/// TorchSharp and Declarative only (not the gallery's UI packages), so errors outside the models are expected and
/// ignored; the classes with [Shared] or [Tied] fields must bind without error, and inference must see their shapes,
/// or the check would prove nothing.
/// </summary>
public class SamplesTests
{
    private static string RepositoryRoot() => Infrastructure.Repository.Root;

    private static Compilation Samples()
    {
        string samples = Path.Combine(RepositoryRoot(), "samples");
        var files = Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
            // Generated/ is the committed copy of the generator's output, for reading: the gallery does not compile it.
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "Generated"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (Path: Path.GetRelativePath(samples, path), Source: File.ReadAllText(path)))
            .ToArray();
        Assert.NotEmpty(files);
        return TestCompilation.Generate(TestCompilation.Create(files).WithOptions(TestCompilation.Options.WithOutputKind(OutputKind.ConsoleApplication))).Output;
    }

    [Fact]
    public void No_diagnostic_fires_on_the_samples()
    {
        var output = Samples();
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

    [Fact]
    public void Inference_knows_every_shape_of_the_samples_shared_and_tied_members()
    {
        var output = Samples();
        var annotated = output.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Select(c => output.GetSemanticModel(tree).GetDeclaredSymbol(c)))
            .OfType<INamedTypeSymbol>()
            .Select(type => ModelAnnotations.For(type, default))
            .OfType<ModelAnnotations>()
            .SelectMany(model => model.Annotations)
            .ToList();
        Assert.NotEmpty(annotated);
        foreach (var annotation in annotated)
        {
            var tensors = ShapeInference.InferMemberTensors(annotation.Field, annotation.Member, output, default);
            Assert.True(tensors.Length > 0 && tensors.All(t => t.Shape is { IsFullyKnown: true }),
                $"{annotation.Field.ContainingType.Name}.{annotation.Path}: {string.Join(", ", tensors.Select(t => $"{t.Path} {t.Shape}"))}");
        }
    }
}
