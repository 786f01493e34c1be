using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// The generator runs on every keystroke: after edits that do not change what it reads, every pipeline step must be
/// Cached or Unchanged and no source emitted again; its models must hold no symbols, syntax or compilations.
/// </summary>
public class IncrementalityTests
{
    private const string Model = TestCompilation.Usings + """
        namespace Samples;

        public partial class Towers : Module<Tensor, Tensor>
        {
            public Towers() : base(nameof(Towers))
            {
                embed = Embedding(10, 4);
                head = Linear(4, 10, hasBias: false);
                towerA = Linear(4, 4);
                towerB = Linear(4, 4);
                RegisterComponents();
            }

            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;
            [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
            [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;

            public override Tensor forward(Tensor x) => head.call(towerB.call(towerA.call(embed.call(x))));
        }
        """;

    /// <summary>
    /// The steps that produce the generator's models. The others (Files, Environment, CompilationHandle, FileInputs)
    /// carry Roslyn's syntax trees and compilation into the pipeline, so they change with every edit, as Roslyn's own
    /// syntax steps do; what they decide is tested in FileCachingTests.
    /// </summary>
    private static readonly string[] StepNames = { TrackingNames.Declarations, TrackingNames.AnnotatedFiles, TrackingNames.Models };

    [Fact]
    public void Every_step_the_generator_names_is_tracked()
    {
        var result = TestCompilation.CreateDriver().RunGenerators(TestCompilation.Create(("Towers.cs", Model))).GetRunResult().Results.Single();
        var named = typeof(TrackingNames).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();

        Assert.Equal(named.OrderBy(n => n), result.TrackedSteps.Keys.Where(named.Contains).OrderBy(n => n));
    }

    [Fact]
    public void An_unrelated_new_file_leaves_every_step_cached()
    {
        var compilation = TestCompilation.Create(("Towers.cs", Model));
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { }", TestCompilation.ParseOptions, path: "Unrelated.cs"));

        AssertNothingRegenerated(compilation, edited, fileAdded: true);
    }

    [Fact]
    public void An_edit_inside_a_method_body_of_the_model_leaves_every_step_cached_or_unchanged()
    {
        var compilation = TestCompilation.Create(("Towers.cs", Model));
        var tree = compilation.SyntaxTrees.Single();
        // A longer constructor body shifts every field's position; the generator must not care.
        var editedText = Model.Replace("RegisterComponents();", "var unused = 1 + 2;\n        RegisterComponents();");
        Assert.NotEqual(Model, editedText);
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedText, TestCompilation.ParseOptions, path: "Towers.cs"));

        AssertNothingRegenerated(compilation, edited);
    }

    [Fact]
    public void A_changed_key_regenerates_the_model()
    {
        var compilation = TestCompilation.Create(("Towers.cs", Model));
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Model.Replace("\"tower\"", "\"towers\""), TestCompilation.ParseOptions, path: "Towers.cs"));

        var driver = TestCompilation.CreateDriver().RunGenerators(compilation).RunGenerators(edited);
        var outputs = driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs);
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var driver = TestCompilation.CreateDriver().RunGenerators(TestCompilation.Create(("Towers.cs", Model)));
        var result = driver.GetRunResult().Results.Single();

        int visited = 0;
        foreach (var name in StepNames)
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, _) in step.Outputs)
                    visited += AssertEquatableGraph(value, $"{name}", new HashSet<object>(ReferenceEqualityComparer.Instance));
        Assert.True(visited > 10, $"only {visited} objects were walked");
    }

    /// <summary>Runs the generator on <paramref name="before"/>, then on <paramref name="after"/>, and checks that nothing ran again to a new result.</summary>
    /// <param name="before">The compilation of the first run.</param>
    /// <param name="after">The edited compilation.</param>
    /// <param name="fileAdded">A file was added: the steps that run per file have a New output for it.</param>
    private static void AssertNothingRegenerated(Compilation before, Compilation after, bool fileAdded = false)
    {
        var driver = TestCompilation.CreateDriver().RunGenerators(before);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);

        var result = driver.RunGenerators(after).GetRunResult().Results.Single();
        foreach (var name in StepNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in result.TrackedSteps[name])
                foreach (var (_, reason) in step.Outputs)
                {
                    bool newFile = fileAdded && reason == IncrementalStepRunReason.New && name is TrackingNames.Declarations or TrackingNames.AnnotatedFiles;
                    Assert.True(newFile || reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} output was {reason}");
                }
        }
        foreach (var (_, steps) in result.TrackedOutputSteps)
            foreach (var step in steps)
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"source output was {reason}");
    }

    /// <summary>Walks an object graph and fails on anything that would defeat caching or pin a compilation.</summary>
    private static int AssertEquatableGraph(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 1;
        Assert.False(value is ISymbol, $"{path} holds a symbol");
        Assert.False(value is SyntaxNode, $"{path} holds a syntax node");
        Assert.False(value is Location, $"{path} holds a location");
        Assert.False(value is Compilation, $"{path} holds a compilation");
        Assert.False(value is SemanticModel, $"{path} holds a semantic model");
        Assert.False(value is Array, $"{path} holds an array, which compares by reference");

        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            // Allowed only as the pipeline's own collections (Collect); models wrap theirs in ValueArray.
            Assert.True(path.IndexOf('.') < 0, $"{path} holds an ImmutableArray; use ValueArray");
        }
        if (!type.IsValueType && !seen.Add(value)) return 0;

        int count = 1;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items)
                count += AssertEquatableGraph(item, $"{path}[{i++}]", seen);
            // The collection types' own fields are their storage, already walked as items.
            bool isValueArray = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Declarative.Shapes.ValueArray<>);
            if (isValueArray || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return count;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            count += AssertEquatableGraph(field.GetValue(value), $"{path}.{field.Name}", seen);
        return count;
    }
}
