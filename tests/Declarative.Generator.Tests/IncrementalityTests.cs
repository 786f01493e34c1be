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
        foreach (var name in PipelineChecks.ModelSteps)
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, _) in step.Outputs)
                    visited += PipelineChecks.AssertEquatableGraph(value, $"{name}", new HashSet<object>(ReferenceEqualityComparer.Instance));
        Assert.True(visited > 10, $"only {visited} objects were walked");
    }

    [Fact]
    public void Every_step_is_walked_for_roslyn_objects_or_carries_them_for_a_written_reason()
    {
        var named = typeof(TrackingNames).GetFields().Select(f => (string)f.GetValue(null)!).OrderBy(n => n);
        var covered = PipelineChecks.ModelSteps.Concat(PipelineChecks.RoslynObjectSteps.Keys).OrderBy(n => n);

        Assert.Equal(named, covered);
        Assert.Empty(PipelineChecks.ModelSteps.Intersect(PipelineChecks.RoslynObjectSteps.Keys));
        Assert.All(PipelineChecks.RoslynObjectSteps.Values, reason => Assert.True(reason.Length > 40, reason));
    }

    [Fact]
    public void The_steps_that_carry_roslyn_objects_hold_no_symbol_syntax_node_or_compilation_strongly()
    {
        var result = TestCompilation.CreateDriver().RunGenerators(TestCompilation.Create(("Towers.cs", Model))).GetRunResult().Results.Single();

        foreach (var name in PipelineChecks.RoslynObjectSteps.Keys)
            Assert.NotEmpty(result.TrackedSteps[name].SelectMany(s => s.Outputs));
        PipelineChecks.AssertModelsHoldNoRoslynObjects(result);
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
        foreach (var name in PipelineChecks.ModelSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in result.TrackedSteps[name])
                foreach (var (_, reason) in step.Outputs)
                {
                    bool newFile = fileAdded && reason == IncrementalStepRunReason.New && name is TrackingNames.Declarations or TrackingNames.FileSpecs;
                    Assert.True(newFile || reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} output was {reason}");
                }
        }
        foreach (var (_, steps) in result.TrackedOutputSteps)
            foreach (var step in steps)
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"source output was {reason}");
    }
}
