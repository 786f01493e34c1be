using System.Linq;
using Declarative.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// A model declared with a C# 12 primary constructor goes through the generator, the analyzers and shape inference
/// (sizes from the primary constructor's parameters in field initializers) as its explicit-constructor twin does;
/// only DECL020 tells them apart, since a primary constructor cannot call RegisterComponents().
/// </summary>
public class PrimaryConstructorTests
{
    private static (string Generated, string[] Diagnostics) Build(string source)
    {
        var (result, output) = TestCompilation.Generate(TestCompilation.Create(("Model.cs", TestCompilation.Usings + source)));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The source does not compile:\n" + string.Join("\n", errors));
        string generated = string.Join("\n", result.GeneratedTrees.Select(t => t.FilePath + "\n" + t.GetText()));
        var diagnostics = AnalyzerHarness.Analyze(output)
            .Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(d => d, System.StringComparer.Ordinal)
            .ToArray();
        return (generated, diagnostics);
    }

    [Fact]
    public void A_primary_constructor_model_gets_its_explicit_twin_generated_code_and_diagnostics_and_DECL020()
    {
        var primary = Build(CodeFixTests.PrimaryConstructorModel);
        var twin = Build(CodeFixTests.ExplicitConstructorTwin);

        Assert.Contains("RegisterComponents", twin.Generated);
        Assert.Equal(twin.Generated, primary.Generated);
        // The head's shape, [dim, vocab] against [vocab, dim], is inferred from the primary constructor's parameters.
        Assert.Contains("DECL001 'head.weight' is [dim, vocab] but 'embed.weight', owner of shared group 'vocab', is [vocab, dim]", twin.Diagnostics);
        Assert.Equal(
            twin.Diagnostics.Append("DECL020 Constructor 'TiedLanguageModel(long, long)' never calls RegisterComponents(), so the fields of 'TiedLanguageModel' are not registered, shared or tied").OrderBy(d => d, System.StringComparer.Ordinal),
            primary.Diagnostics);
    }
}
