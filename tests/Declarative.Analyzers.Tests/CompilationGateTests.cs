using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Declarative.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// The analyzers look for Declarative's types only: a compilation that cannot see them (a project that references
/// the analyzers but not the runtime) gets no action of theirs at all, and one that declares the attributes itself
/// is analyzed like one that references the runtime.
/// </summary>
public class CompilationGateTests
{
    private const string TorchSharpModel = """
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public class Plain : Module<Tensor, Tensor>
        {
            private readonly Linear a = Linear(2, 2);
            private Linear b = Linear(2, 2);

            public Plain() : base(nameof(Plain)) { RegisterComponents(); b = Linear(2, 2); }

            public override Tensor forward(Tensor x) => b.call(a.call(x));
        }
        """;

    [Fact]
    public async Task Without_Declarative_no_analyzer_registers_an_action()
    {
        var compilation = CSharpCompilation.Create(
            "Plain",
            new[] { CSharpSyntaxTree.ParseText(TorchSharpModel, TestCompilation.ParseOptions) },
            TestCompilation.References.Remove(TestCompilation.Runtime),
            TestCompilation.Options);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var analyzed = compilation.WithAnalyzers(AnalyzerHarness.Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        Assert.Empty(await analyzed.GetAnalyzerDiagnosticsAsync());
        foreach (var analyzer in AnalyzerHarness.Analyzers)
        {
            var telemetry = await analyzed.GetAnalyzerTelemetryInfoAsync(analyzer, default);
            int actions = telemetry.SymbolActionsCount + telemetry.SymbolStartActionsCount + telemetry.SyntaxNodeActionsCount
                + telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount
                + telemetry.CodeBlockActionsCount + telemetry.CodeBlockStartActionsCount + telemetry.SemanticModelActionsCount
                + telemetry.SyntaxTreeActionsCount + telemetry.CompilationActionsCount + telemetry.CompilationEndActionsCount;
            Assert.True(actions == 0, $"{analyzer.GetType().Name} registered {actions} actions in a compilation without Declarative");
        }
    }

    [Fact]
    public async Task Attributes_declared_in_source_are_analyzed_like_the_runtime_ones()
    {
        const string attributes = """
            namespace Declarative
            {
                [System.AttributeUsage(System.AttributeTargets.Field, AllowMultiple = true)]
                public sealed class SharedAttribute : System.Attribute
                {
                    public SharedAttribute(string key) { Key = key; }
                    public string Key { get; }
                    public string? Member { get; set; }
                    public bool Transpose { get; set; }
                }
            }
            """;
        const string model = """
            using Declarative;
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;

            public partial class Lonely : Module<Tensor, Tensor>
            {
                [Shared("alone")] private readonly Linear a = Linear(2, 2);

                public Lonely() : base(nameof(Lonely)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => a.call(x);
            }
            """;
        var compilation = CSharpCompilation.Create(
            "OwnAttributes",
            new[] { CSharpSyntaxTree.ParseText(attributes, TestCompilation.ParseOptions), CSharpSyntaxTree.ParseText(model, TestCompilation.ParseOptions) },
            TestCompilation.References.Remove(TestCompilation.Runtime),
            TestCompilation.Options);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation.WithAnalyzers(AnalyzerHarness.Analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.Contains(diagnostics, d => d.Id == "DECL007");
    }
}
