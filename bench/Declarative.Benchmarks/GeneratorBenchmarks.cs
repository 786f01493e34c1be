using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using Declarative.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Benchmarks;

/// <summary>
/// A synthetic project of 1,000 model classes with 8 annotated members each (4 shared, 4 tied), one class a file, and
/// what the generator and analyzer suites need to compile it.
/// </summary>
public abstract class ThousandModelProject
{
    public const int Classes = 1_000;
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;

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
        SetupSuite();
    }

    /// <summary>What a suite prepares once the project is built (BenchmarkDotNet allows one global setup a class).</summary>
    protected abstract void SetupSuite();

    /// <summary>Every analyzer that the Declarative.Analyzers assembly ships.</summary>
    protected static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        typeof(Declarative.Analyzers.SharedShapeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, System.StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public CSharpCompilation NewCompilation() => CSharpCompilation.Create("Models", _trees, _references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver(IIncrementalGenerator generator) => CSharpGeneratorDriver.Create(
        new[] { generator.AsSourceGenerator() }, parseOptions: ParseOptions);

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

/// <summary>
/// Full runs of the generator and the analyzers on the synthetic project, against the compilation's own cost (emitting
/// the same project without them). Beside the analyzers stands their floor: Roslyn's analyzer driver running an
/// analyzer that registers the same kinds of actions and does nothing in them, so what our code adds is the
/// difference. Roslyn's own attribute matching, which the generator used before it parsed per file, stands beside the
/// generator for reference.
/// </summary>
[BenchmarkCategory("generator")]
[WarmupCount(5), IterationCount(10)]   // a compilation of 1,000 files takes seconds; few iterations suffice
public class GeneratorBenchmarks : ThousandModelProject
{
    private ImmutableArray<SyntaxTree> _generatedTrees;

    protected override void SetupSuite()
        => _generatedTrees = NewDriver(new DeclarativeGenerator()).RunGenerators(NewCompilation()).GetRunResult().GeneratedTrees;

    [Benchmark(Baseline = true, Description = "compilation (emit, no generator)")]
    public long Compilation() => Emit(NewCompilation());

    [Benchmark(Description = "compilation of the project and the generated code")]
    public long CompilationWithGeneratedCode() => Emit(NewCompilation().AddSyntaxTrees(_generatedTrees));

    [Benchmark(Description = "generator, full run")]
    public int GeneratorFullRun() => NewDriver(new DeclarativeGenerator()).RunGenerators(NewCompilation()).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "reference: Roslyn's attribute matching alone, full run")]
    public int AttributeMatchingFullRun() => NewDriver(new AttributeMatchingOnly()).RunGenerators(NewCompilation()).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "analyzers, full run")]
    public int AnalyzersFullRun() => AnalyzerDiagnostics(Analyzers);

    [Benchmark(Description = "floor: the analyzer driver with a no-op analyzer")]
    public int NoOpAnalyzerFullRun() => AnalyzerDiagnostics(ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer()));

    private static long Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        return compilation.Emit(stream).Success ? stream.Length : -1;
    }

    /// <summary>The analyzers' diagnostics on a fresh compilation of the project and its generated code, as a build computes them.</summary>
    private int AnalyzerDiagnostics(ImmutableArray<DiagnosticAnalyzer> analyzers)
        => NewCompilation().AddSyntaxTrees(_generatedTrees).WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().Result.Length;
}

/// <summary>
/// The generator after a one-line edit in a method body, beside its floor (a generator that keeps one cached file per
/// model) and Roslyn's attribute matching for reference, and the analyzers on the edited file as the editor runs them.
/// </summary>
/// <remarks>
/// As in an editor, each generator keeps one driver for the whole run, and every keystroke brings a new compilation,
/// made from the last one by editing one file; each iteration times one keystroke. The many warm-up iterations let the
/// JIT optimize the code that runs on every edit: in a loop of 200 edits outside BenchmarkDotNet, the first 90 took 30
/// to 92 ms, and the later ones 6 to 16 ms.
/// </remarks>
[BenchmarkCategory("generator")]
[WarmupCount(100), IterationCount(30)]
public class GeneratorEditBenchmarks : ThousandModelProject
{
    private CSharpCompilation _project = null!;
    private EditedProject _generator = null!, _floor = null!, _attributeMatching = null!;
    private CSharpCompilation _editedForAnalyzers = null!;

    protected override void SetupSuite()
    {
        _project = NewCompilation();
        _generator = new EditedProject(_project, NewDriver(new DeclarativeGenerator()));
        _floor = new EditedProject(_project, NewDriver(new OneFilePerModelOnly()));
        _attributeMatching = new EditedProject(_project, NewDriver(new AttributeMatchingOnly()));
    }

    [IterationSetup]
    public void NextKeystroke()
    {
        _generator.NextKeystroke();
        _floor.NextKeystroke();
        _attributeMatching.NextKeystroke();
        _editedForAnalyzers = EditedProject.Edit(_project);
    }

    [Benchmark(Description = "generator, after a one-line edit")]
    public int GeneratorAfterOneLineEdit() => _generator.Run();

    [Benchmark(Description = "floor: one cached file per model, after the edit")]
    public int OneFilePerModelAfterOneLineEdit() => _floor.Run();

    [Benchmark(Description = "reference: Roslyn's attribute matching alone, after the edit")]
    public int AttributeMatchingAfterOneLineEdit() => _attributeMatching.Run();

    [Benchmark(Description = "analyzers, the edited file (as the editor runs them)")]
    public int AnalyzersOnEditedFile()
    {
        var tree = _editedForAnalyzers.SyntaxTrees.First(t => t.FilePath == EditedProject.EditedPath);
        var model = _editedForAnalyzers.GetSemanticModel(tree);
        var analyzers = _editedForAnalyzers.WithAnalyzers(Analyzers);
        return analyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, System.Threading.CancellationToken.None).Result.Length
             + analyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, System.Threading.CancellationToken.None).Result.Length;
    }
}

/// <summary>
/// One generator driver over the project, run once a keystroke on a new compilation in which one model's file
/// differs from the compilation of the run before: <c>x = x * 1;</c> is added to its <c>forward</c>, or taken out.
/// </summary>
internal sealed class EditedProject
{
    public static readonly string EditedPath = $"Model{ThousandModelProject.Classes / 2}.cs";

    private readonly SyntaxTree _original, _edited;
    private CSharpCompilation _compilation;
    private GeneratorDriver _driver;
    private bool _compilationEdited, _driverSawEdited;

    public EditedProject(CSharpCompilation compilation, GeneratorDriver driver)
    {
        _compilation = compilation;
        _original = EditedFile(compilation);
        _edited = EditedFile(Edit(compilation));
        _driver = driver.RunGenerators(compilation);
    }

    /// <summary>The compilation with <c>x = x * 1;</c> added to the <c>forward</c> of one model.</summary>
    public static CSharpCompilation Edit(CSharpCompilation compilation)
        => compilation.ReplaceSyntaxTree(EditedFile(compilation),
            CSharpSyntaxTree.ParseText(ThousandModelProject.ModelSource(ThousandModelProject.Classes / 2, edit: "x = x * 1;"), ThousandModelProject.ParseOptions, path: EditedPath));

    /// <summary>
    /// A new compilation whose edited file differs from the one the driver saw last. Where the compilation already
    /// differs (no run since the last keystroke), it has not been used, and stays.
    /// </summary>
    public void NextKeystroke()
    {
        _compilationEdited = !_driverSawEdited;
        var current = EditedFile(_compilation);
        var next = _compilationEdited ? _edited : _original;
        if (!ReferenceEquals(current, next)) _compilation = _compilation.ReplaceSyntaxTree(current, next);
    }

    public int Run()
    {
        _driver = _driver.RunGenerators(_compilation);
        _driverSawEdited = _compilationEdited;
        return _driver.GetRunResult().GeneratedTrees.Length;
    }

    private static SyntaxTree EditedFile(Compilation compilation) => compilation.SyntaxTrees.First(t => t.FilePath == EditedPath);
}

/// <summary>
/// Roslyn's recommended attribute matching, <c>ForAttributeWithMetadataName</c>, with a transform that only takes the
/// field's name: after any edit it binds every annotated field of the compilation again. The generator used it before
/// it parsed per file; it stays here as the reference for what that design costs.
/// </summary>
internal sealed class AttributeMatchingOnly : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var shared = context.SyntaxProvider.ForAttributeWithMetadataName(
            "Declarative.SharedAttribute", static (node, _) => node is VariableDeclaratorSyntax, static (field, _) => field.TargetSymbol.Name);
        var tied = context.SyntaxProvider.ForAttributeWithMetadataName(
            "Declarative.TiedAttribute", static (node, _) => node is VariableDeclaratorSyntax, static (field, _) => field.TargetSymbol.Name);
        context.RegisterSourceOutput(shared.Collect().Combine(tied.Collect()), static (output, fields) =>
            output.AddSource("Fields.g.cs", $"// {fields.Left.Length} shared, {fields.Right.Length} tied"));
    }
}

/// <summary>
/// The generator's floor after an edit: one generated file per model class, found from syntax and never bound. What it
/// costs after an edit is Roslyn's driver handing back 1,000 cached files and comparing the files of the compilation,
/// which any generator that writes a file per model pays.
/// </summary>
internal sealed class OneFilePerModelOnly : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider.CreateSyntaxProvider(
            static (node, _) => node is ClassDeclarationSyntax,
            static (model, _) => ((ClassDeclarationSyntax)model.Node).Identifier.ValueText);
        context.RegisterSourceOutput(models, static (output, name) => output.AddSource($"Synthetic.{name}.g.cs", $"// {name}"));
    }
}

/// <summary>
/// The analyzers' floor: an analyzer that asks Roslyn for the same kinds of callbacks as Declarative's (named types,
/// symbol start and end, operation blocks, the syntax of calls and assignments) and does nothing in them, so the
/// driver binds what it binds for ours.
/// </summary>
// The rules for shipped analyzers (target framework, release tracking) do not apply to a baseline that only this
// benchmark runs in memory.
#pragma warning disable RS1036, RS1041, RS2008
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("NOOP001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType);
        context.RegisterSymbolStartAction(static start =>
        {
            start.RegisterOperationBlockAction(static _ => { });
            start.RegisterSymbolEndAction(static _ => { });
        }, SymbolKind.NamedType);
        context.RegisterSyntaxNodeAction(static _ => { }, SyntaxKind.InvocationExpression, SyntaxKind.SimpleAssignmentExpression);
    }
}
#pragma warning restore RS1036, RS1041, RS2008
