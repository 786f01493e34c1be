using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using Declarative.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Benchmarks;

/// <summary>
/// The generator and the analyzers on a synthetic project of 1,000 model classes with 8 annotated members each (4
/// shared, 4 tied), one class a file: full runs, and the work after a one-line edit inside a method body, against
/// the compilation's own cost (emitting the same project without them).
/// </summary>
[BenchmarkCategory("generator")]
[WarmupCount(2), IterationCount(8)]   // a compilation of 1,000 files takes seconds; few iterations suffice
public class GeneratorBenchmarks
{
    private const int Classes = 1_000;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private CSharpCompilation _edited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _references = Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(SharedAttribute).Assembly.Location))
            .ToImmutableArray();
        _trees = Enumerable.Range(0, Classes)
            .Select(i => CSharpSyntaxTree.ParseText(ModelSource(i, edit: ""), ParseOptions, path: $"Model{i}.cs"))
            .ToImmutableArray();
        _compilation = NewCompilation();
    }

    [IterationSetup(Targets = new[] { nameof(AfterOneLineEdit), nameof(AnalyzersOnEditedFile) })]
    public void SetupEdit()
    {
        _warmDriver = NewDriver().RunGenerators(_compilation);
        var tree = _trees[Classes / 2];
        _edited = _compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(ModelSource(Classes / 2, edit: "x = x * 1;"), ParseOptions, path: tree.FilePath));
    }

    [Benchmark(Baseline = true, Description = "compilation (emit, no generator)")]
    public long Compilation()
    {
        using var stream = new MemoryStream();
        return NewCompilation().Emit(stream).Success ? stream.Length : -1;
    }

    [Benchmark(Description = "generator, full run")]
    public int FullRun() => NewDriver().RunGenerators(NewCompilation()).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "generator, after a one-line edit")]
    public int AfterOneLineEdit() => _warmDriver.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "analyzers, full run")]
    public int AnalyzersFullRun()
    {
        var generated = NewDriver().RunGenerators(NewCompilation()).GetRunResult();
        var compilation = NewCompilation().AddSyntaxTrees(generated.GeneratedTrees);
        return compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync().Result.Length;
    }

    [Benchmark(Description = "analyzers, the edited file (as the editor runs them)")]
    public int AnalyzersOnEditedFile()
    {
        var tree = _edited.SyntaxTrees.First(t => t.FilePath == _trees[Classes / 2].FilePath);
        var model = _edited.GetSemanticModel(tree);
        var analyzers = _edited.WithAnalyzers(Analyzers);
        return analyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, System.Threading.CancellationToken.None).Result.Length
             + analyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, System.Threading.CancellationToken.None).Result.Length;
    }

    /// <summary>Every analyzer that the Declarative.Analyzers assembly ships.</summary>
    private static readonly ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> Analyzers =
        typeof(Declarative.Analyzers.SharedShapeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, System.StringComparer.Ordinal)
            .Select(t => (Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private CSharpCompilation NewCompilation() => CSharpCompilation.Create("Models", _trees, _references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        new[] { new DeclarativeGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    /// <summary>A model with two shared pairs and two tied pairs: 8 annotated members.</summary>
    public static string ModelSource(int index, string edit) => new StringBuilder()
        .AppendLine("using Declarative;")
        .AppendLine("using TorchSharp.Modules;")
        .AppendLine("using static TorchSharp.torch;")
        .AppendLine("using static TorchSharp.torch.nn;")
        .AppendLine("namespace Synthetic;")
        .AppendLine($"public partial class Model{index} : Module<Tensor, Tensor>")
        .AppendLine("{")
        .AppendLine("    [Shared(\"vocab\", Member = \"weight\")] private readonly Embedding embed = Embedding(100, 16);")
        .AppendLine("    [Shared(\"vocab\", Member = \"weight\")] private readonly Linear head = Linear(16, 100, hasBias: false);")
        .AppendLine("    [Shared(\"twin\")] private readonly Linear left = Linear(16, 16);")
        .AppendLine("    [Shared(\"twin\")] private readonly Linear right = Linear(16, 16);")
        .AppendLine("    [Tied(\"tower\", Lambda = 0.1)] private readonly Linear towerA = Linear(16, 16);")
        .AppendLine("    [Tied(\"tower\", Lambda = 0.1)] private readonly Linear towerB = Linear(16, 16);")
        .AppendLine("    [Tied(\"scale\", Lambda = 0.01, Member = \"bias\")] private readonly Linear scaleA = Linear(16, 16);")
        .AppendLine("    [Tied(\"scale\", Lambda = 0.01, Member = \"bias\")] private readonly Linear scaleB = Linear(16, 16);")
        .AppendLine($"    public Model{index}() : base(\"Model{index}\") {{ RegisterComponents(); }}")
        .AppendLine("    public override Tensor forward(Tensor x)")
        .AppendLine("    {")
        .AppendLine($"        {edit}")
        .AppendLine("        return head.call(right.call(left.call(towerB.call(towerA.call(scaleB.call(scaleA.call(embed.call(x))))))));")
        .AppendLine("    }")
        .AppendLine("}")
        .ToString();
}
