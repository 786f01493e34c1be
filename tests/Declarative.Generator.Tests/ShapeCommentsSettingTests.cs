using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// <c>&lt;DeclarativeShapeComments&gt;false&lt;/DeclarativeShapeComments&gt;</c> leaves the shapes out of the generated
/// comments, and with them shape inference: nothing else of the generated code changes, and an edit of a constructor,
/// which inference would read, parses nothing again.
/// </summary>
public class ShapeCommentsSettingTests
{
    private const string Model = """
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
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    [InlineData("")]
    public void Shape_comments_are_on_unless_the_property_is_false(string? value)
    {
        string generated = Generate(value);
        Assert.Contains("""new global::Declarative.SharedMember("embed", member: "weight"), // owner, [vocab, dim]""", generated);
    }

    [Theory]
    [InlineData("false")]
    [InlineData(" False ")]
    public void With_the_property_false_the_comments_say_owner_and_alias_and_nothing_else_changes(string value)
    {
        string withShapes = Generate(null);
        string without = Generate(value);

        Assert.Contains("""new global::Declarative.SharedMember("embed", member: "weight"), // owner""" + "\n", without);
        Assert.Contains("""new global::Declarative.SharedMember("head", member: "weight"))); // alias""" + "\n", without);
        Assert.Equal(withShapes.Replace(", [vocab, dim]", ""), without);
    }

    [Fact]
    public void With_the_property_false_a_constructor_edit_parses_nothing_again()
    {
        var compilation = TestCompilation.Create(TestCompilation.Usings + Model);
        var driver = Driver("false").RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class TiedLanguageModel"));
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            tree.ToString().Replace("Linear(dim, vocab, hasBias: false)", "Linear(dim, vocab, hasBias: true)"), TestCompilation.ParseOptions, path: tree.FilePath));

        var parsed = new List<SyntaxTree>();
        // Tests of other classes run generators at the same time; only this compilation's files count.
        Action<SyntaxTree> observe = t => { if (edited.ContainsSyntaxTree(t)) lock (parsed) parsed.Add(t); };
        Parser.FileParser.ParseObserver += observe;
        try
        {
            driver.RunGenerators(edited);
        }
        finally
        {
            Parser.FileParser.ParseObserver -= observe;
        }
        Assert.Empty(parsed);
    }

    private static string Generate(string? value)
    {
        var driver = Driver(value).RunGenerators(TestCompilation.Create(TestCompilation.Usings + Model));
        return Assert.Single(driver.GetRunResult().GeneratedTrees).ToString();
    }

    private static GeneratorDriver Driver(string? value) => CSharpGeneratorDriver.Create(
        new[] { new DeclarativeGenerator().AsSourceGenerator() },
        parseOptions: TestCompilation.ParseOptions,
        optionsProvider: new BuildProperties(value is null
            ? ImmutableDictionary<string, string>.Empty
            : ImmutableDictionary<string, string>.Empty.Add(BuildSettings.ShapeCommentsProperty, value)));

    /// <summary>The global options of a build that sets these properties, as the package's targets pass them on.</summary>
    private sealed class BuildProperties(ImmutableDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(properties);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.None;

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options None = new(ImmutableDictionary<string, string>.Empty);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
