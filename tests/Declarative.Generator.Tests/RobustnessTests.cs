extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// The generator and the analyzers run while people type. Over a corpus of broken, odd and extreme models neither
/// may throw (CS8785, AD0001), and whatever the generator emits must compile: no diagnostic may point into it.
/// </summary>
public class RobustnessTests
{
    /// <summary>Valid models of every kind, the seeds that the corpus mutates.</summary>
    public static readonly string[] Seeds =
    {
        """
        namespace Samples;
        public partial class TiedLanguageModel : Module<Tensor, Tensor>
        {
            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;
            public TiedLanguageModel(long vocab, long dim) : base(nameof(TiedLanguageModel))
            {
                embed = Embedding(vocab, dim);
                head = Linear(dim, vocab, hasBias: false);
                RegisterComponents();
            }
            public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
        }
        """,
        """
        namespace Samples
        {
            public partial class Towers : Module<Tensor, Tensor>
            {
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerA = Linear(8, 8);
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerB = Linear(8, 8);
                [Tied("scale", Lambda = 1e-3, Norm = TieNorm.L1)] private readonly Parameter scaleA = Parameter(torch.ones(8));
                [Tied("scale", Lambda = 1e-3, Norm = TieNorm.L1)] private readonly Parameter scaleB = Parameter(torch.ones(8));
                public Towers() : base(nameof(Towers)) { RegisterComponents(); }
                public override Tensor forward(Tensor x) => towerB.call(towerA.call(x)) * scaleA * scaleB;
            }
        }
        """,
        """
        public partial class Stack<T> : Module<Tensor, Tensor> where T : class
        {
            [Shared("layer")] private readonly Linear first = Linear(16, 16);
            [Shared("layer")] private readonly ModuleList<Linear> rest = new ModuleList<Linear>(Linear(16, 16), Linear(16, 16));
            [Shared("gate", Member = "weight", Transpose = true)] private readonly Linear[] gates = { Linear(16, 16), Linear(16, 16) };
            public Stack() : base("Stack") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => rest[0].call(first.call(x));
        }
        """,
        """
        namespace Outer;
        public static partial class Zoo
        {
            internal partial class Twins : Module<Tensor, Tensor, Tensor>
            {
                [Shared("twin")] private readonly Sequential left = Sequential(Linear(8, 4), ReLU());
                [Shared("twin")] private readonly Sequential right = Sequential(Linear(8, 4), ReLU());
                [Tied("t", Lambda = 2, Member = "0.weight")] private readonly Sequential probe = Sequential(Linear(8, 4));
                public Twins() : base("Twins") { RegisterComponents(); }
                public override Tensor forward(Tensor a, Tensor b) => left.call(a) - right.call(b);
            }
        }
        """,
    };

    /// <summary>Odd and extreme models that a user can write, each a case of its own.</summary>
    public static readonly string[] OddModels =
    {
        // static and const fields
        """public partial class M : Module<Tensor, Tensor> { [Shared("k")] static Linear a = Linear(2, 2); [Shared("k")] const int b = 1; public M() : base("m") { } public override Tensor forward(Tensor x) => x; }""",
        // a record, which cannot derive from a module
        """public partial record R([property: Shared("k")] int A);""",
        // a struct
        """public partial struct S { [Shared("k")] public Linear a; [Shared("k")] public Linear b; }""",
        // a key split across partial declarations in one file
        """public partial class P : Module<Tensor, Tensor> { [Shared("k")] Linear a = Linear(2, 2); public P() : base("p") { RegisterComponents(); } public override Tensor forward(Tensor x) => x; } public partial class P { [Shared("k")] Linear b = Linear(2, 2); }""",
        // absurd sizes
        """public partial class Big : Module<Tensor, Tensor> { [Shared("k")] Linear a = Linear(long.MaxValue, 3); [Shared("k")] Linear b = Linear(3, long.MaxValue); [Tied("t", Lambda = double.MaxValue)] Linear c = Linear(-1, 0); [Tied("t", Lambda = double.Epsilon)] Linear d = Linear(0, -1); public Big() : base("b") { RegisterComponents(); } public override Tensor forward(Tensor x) => x; }""",
        // bad attribute arguments
        """public partial class Bad : Module<Tensor, Tensor> { [Shared(null)] Linear a; [Shared("")] Linear b; [Shared(42)] Linear c; [Tied("t", Lambda = double.NaN)] Linear d; [Tied("t", Lambda = -1)] Linear e; [Tied("u", Lambda = double.PositiveInfinity)] Linear f; [Shared("k", Member = "")] Linear g; [Shared("k", Member = "no.such.path")] Linear h; public Bad() : base("b") { } public override Tensor forward(Tensor x) => x; }""",
        // a key with characters that need escaping
        """public partial class Esc : Module<Tensor, Tensor> { [Shared("a\"b\\c\n")] Linear a = Linear(2, 2); [Shared("a\"b\\c\n", Member = "we\"ight")] Linear b = Linear(2, 2); public Esc() : base("e") { RegisterComponents(); } public override Tensor forward(Tensor x) => x; }""",
        // a generic field type and an unsupported one
        """public partial class G<TModule> : Module<Tensor, Tensor> where TModule : Module<Tensor, Tensor> { [Shared("k")] TModule a; [Shared("k")] TModule b; [Tied("t", Lambda = 1)] List<Linear> c; public G() : base("g") { } public override Tensor forward(Tensor x) => x; }""",
        // a model that declares a member the generator writes
        """public partial class Own : Module<Tensor, Tensor> { [Shared("k")] Linear a = Linear(2, 2); [Shared("k")] Linear b = Linear(2, 2); public Own() : base("o") { RegisterComponents(); } protected override void RegisterComponents() { } public override Tensor forward(Tensor x) => x; }""",
        // the same field in several groups of both kinds
        """public partial class Many : Module<Tensor, Tensor> { [Shared("k")][Shared("j")][Tied("t", Lambda = 1)] Linear a = Linear(2, 2); [Shared("k")][Shared("j")][Tied("t", Lambda = 1)] Linear b = Linear(2, 2); public Many() : base("m") { RegisterComponents(); } public override Tensor forward(Tensor x) => x; }""",
        // a field declaration with several variables
        """public partial class Multi : Module<Tensor, Tensor> { [Shared("k")] Linear a = Linear(2, 2), b = Linear(2, 2), c = Linear(2, 2); public Multi() : base("m") { RegisterComponents(); } public override Tensor forward(Tensor x) => x; }""",
        // a model in the global namespace nested in a generic type
        """public partial class Host<T> { public partial class Inner : Module<Tensor, Tensor> { [Tied("t", Lambda = 0.5)] Linear a = Linear(2, 2); public Inner() : base("i") { RegisterComponents(); } public override Tensor forward(Tensor x) => x; } }""",
    };

    public static IEnumerable<object[]> Corpus()
    {
        int index = 0;
        foreach (var seed in Seeds)
        {
            // Partial syntax as while typing: the text cut off at many points.
            for (int cut = 0; cut < 60; cut++)
                yield return new object[] { $"truncated {index++}", seed.Substring(0, seed.Length * cut / 60) };

            // One token removed, at many places.
            var tokens = CSharpSyntaxTree.ParseText(seed).GetRoot().DescendantTokens().ToList();
            for (int t = 0; t < tokens.Count; t += Math.Max(1, tokens.Count / 50))
                yield return new object[] { $"token {t} removed {index++}", seed.Remove(tokens[t].SpanStart, tokens[t].Span.Length) };

            // A character replaced by another, as typos.
            var random = new Random(index);
            for (int i = 0; i < 15; i++)
            {
                int at = random.Next(seed.Length);
                yield return new object[] { $"typo {index++}", seed.Remove(at, 1).Insert(at, "\"{};.(=)"[random.Next(8)].ToString()) };
            }
        }
        foreach (var odd in OddModels)
            yield return new object[] { $"odd {index++}", odd };

        // A very large group.
        var large = new StringBuilder("public partial class Large : Module<Tensor, Tensor> {\n");
        for (int i = 0; i < 300; i++)
            large.Append($"    [Shared(\"k\")] Linear l{i} = Linear(4, 4); [Tied(\"t\", Lambda = 0.1)] Linear t{i} = Linear(4, 4);\n");
        large.Append("    public Large() : base(\"l\") { RegisterComponents(); }\n    public override Tensor forward(Tensor x) => x;\n}");
        yield return new object[] { "large group", large.ToString() };
    }

    [Fact]
    public void Corpus_has_at_least_500_cases()
    {
        Assert.True(Corpus().Count() >= 500, $"{Corpus().Count()} cases");
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async System.Threading.Tasks.Task Generator_and_analyzers_never_throw_and_what_is_generated_compiles(string name, string source)
    {
        var compilation = TestCompilation.Create(TestCompilation.Usings + source);
        var (result, output) = TestCompilation.Run(compilation);

        var run = Assert.Single(result.Results);
        Assert.True(run.Exception is null, $"{name}: {run.Exception}");
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id == "CS8785");

        var generated = result.GeneratedTrees.ToHashSet();
        var inGenerated = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .ToList();
        Assert.True(inGenerated.Count == 0, $"{name}: the generated code does not compile:\n{string.Join("\n", inGenerated)}\n\n{string.Join("\n", result.GeneratedTrees.Select(t => t.GetText()))}");

        var diagnostics = await output.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAllDiagnosticsAsync();
        var analyzerFailures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(analyzerFailures.Count == 0, $"{name}: an analyzer threw:\n{string.Join("\n", analyzerFailures)}");
    }

    /// <summary>Every analyzer that the Declarative.Analyzers assembly ships.</summary>
    internal static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(analyzers::Declarative.Analyzers.SharedShapeAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();
}
