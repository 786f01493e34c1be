using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Analyzers.Tests.RealWorld;

/// <summary>
/// The analyzers over models written in the styles of public TorchSharp code (ports of torchvision, GPT, LLaMA,
/// the TorchSharp examples): correct models get no diagnostic, every planted mistake is caught at its line, and
/// the share of annotated members whose shapes inference knows is pinned.
/// </summary>
public class RealWorldCorpusTests
{
    /// <summary>Diagnostics on correct models: each one is a false error, pinned until inference stops making it.</summary>
    private static readonly HashSet<string> FalseErrors = new(StringComparer.Ordinal)
    {
    };

    /// <summary>Planted mistakes whose shapes inference cannot see yet, so that nothing is reported for them.</summary>
    private static readonly HashSet<string> Missed = new(StringComparer.Ordinal)
    {
    };

    private readonly ITestOutputHelper _output;

    public RealWorldCorpusTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var model in CorpusModel.All) data.Add(model.Name);
        return data;
    }

    private static CorpusModel Model(string name) => CorpusModel.All.Single(m => m.Name == name);

    [Fact]
    public void The_corpus_has_at_least_fifteen_models_each_with_a_planted_mistake()
    {
        Assert.True(CorpusModel.All.Count >= 15, $"Only {CorpusModel.All.Count} models.");
        Assert.All(CorpusModel.All, model => Assert.NotEmpty(model.Plants));
        // docs/diagnostics/README.md quotes these counts.
        Assert.Equal((16, 26), (CorpusModel.All.Count, CorpusModel.All.Sum(m => m.Plants.Count)));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_correct_model_gets_no_diagnostic(string name)
    {
        var model = Model(name);
        var reported = Diagnostics(model.Source).Select(d => $"{model.Name}:{d.Line} {d.Id}").ToList();
        _output.WriteLine(string.Join("\n", Diagnostics(model.Source).Select(d => $"{model.Name}:{d.Line} {d.Id} {d.Message}")));
        Assert.Equal(FalseErrors.Where(e => e.StartsWith(model.Name + ":", StringComparison.Ordinal)).OrderBy(e => e, StringComparer.Ordinal), reported.OrderBy(e => e, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_planted_mistake_is_caught_at_its_line(string name)
    {
        var model = Model(name);
        var baseline = Diagnostics(model.Source).ToHashSet();
        var failures = new List<string>();
        foreach (var plant in model.Plants)
        {
            var added = Diagnostics(model.Planted(plant)).Where(d => !baseline.Contains(d)).ToList();
            var caught = added.Select(d => (d.Id, d.Line)).Distinct().OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            var expected = Missed.Contains(model.Name + "/" + plant.Name)
                ? new List<(string, int)>()
                : model.Expected(plant).OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            _output.WriteLine($"{model.Name}/{plant.Name}: " + string.Join("; ", added.Select(d => $"{d.Id}@{d.Line} {d.Message}")));
            if (!caught.SequenceEqual(expected))
                failures.Add($"{model.Name}/{plant.Name}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", caught)}]");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>How much inference knows of one annotated member.</summary>
    private enum Knowledge
    {
        Fully,
        Partly,
        NotAtAll,
    }

    [Fact]
    public void Inference_knows_the_shapes_of_the_corpus_members()
    {
        var counts = new Dictionary<Knowledge, int> { [Knowledge.Fully] = 0, [Knowledge.Partly] = 0, [Knowledge.NotAtAll] = 0 };
        foreach (var model in CorpusModel.All)
        {
            foreach (var (member, knowledge) in Members(model))
            {
                counts[knowledge]++;
                if (knowledge != Knowledge.Fully) _output.WriteLine($"{model.Name}: {member} known {knowledge}");
            }
        }
        int total = counts.Values.Sum();
        _output.WriteLine($"{total} annotated members: {counts[Knowledge.Fully]} fully known ({Percent(counts[Knowledge.Fully], total)}), {counts[Knowledge.Partly]} partly, {counts[Knowledge.NotAtAll]} not at all");
        Assert.Equal((Total, FullyKnown, PartlyKnown), (total, counts[Knowledge.Fully], counts[Knowledge.Partly]));
    }

    // The figure docs/diagnostics/README.md quotes.
    private const int Total = 58;
    private const int FullyKnown = 58;
    private const int PartlyKnown = 0;

    private static string Percent(int part, int total) => (100.0 * part / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Every [Shared] and [Tied] member of the model's annotated classes, as the first constructor leaves it: a tensor,
    /// or a module or list counted whole (fully known when every tensor under it is, and the list of them is whole).
    /// </summary>
    private static IEnumerable<(string Member, Knowledge Knowledge)> Members(CorpusModel model)
    {
        var compilation = TestCompilation.Create(("Model.cs", model.Source));
        var tree = compilation.SyntaxTrees.Single();
        var semantic = compilation.GetSemanticModel(tree);
        foreach (var declarator in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax>())
        {
            if (semantic.GetDeclaredSymbol(declarator) is not IFieldSymbol field) continue;
            foreach (var attribute in field.GetAttributes().Where(a => a.AttributeClass?.Name is "SharedAttribute" or "TiedAttribute"))
            {
                string? path = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Member").Value.Value as string;
                var scenario = ShapeInference.Scenarios(field.ContainingType, compilation, default).First();
                var value = InferredMembers.Resolve(scenario.Value(field), path).Value;
                yield return (path is null ? field.Name : field.Name + "." + path, Classify(value));
            }
        }
    }

    private static Knowledge Classify(InferredMember? value)
    {
        switch (value)
        {
            case InferredTensor { Shape: { } shape }:
                return shape.IsFullyKnown ? Knowledge.Fully : Knowledge.Partly;
            case InferredModule module:
            {
                var tensors = InferredMembers.Tensors(module, includeBuffers: true, out bool complete);
                var known = tensors.Select(t => Classify(t.Tensor)).ToList();
                if (complete && known.All(k => k == Knowledge.Fully)) return Knowledge.Fully;
                return known.Any(k => k != Knowledge.NotAtAll) ? Knowledge.Partly : Knowledge.NotAtAll;
            }
            case InferredCollection collection:
            {
                var known = collection.Elements.Select(Classify).ToList();
                if (known.All(k => k == Knowledge.Fully)) return Knowledge.Fully;
                return known.Any(k => k != Knowledge.NotAtAll) ? Knowledge.Partly : Knowledge.NotAtAll;
            }
            default:
                return Knowledge.NotAtAll;
        }
    }

    /// <summary>The Declarative diagnostics of a source, by ID, line and message.</summary>
    private static List<(string Id, int Line, string Message)> Diagnostics(string source)
        => AnalyzerHarness.Run(("Model.cs", source))
            .Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.GetMessage(CultureInfo.InvariantCulture)))
            .ToList();
}
