extern alias analyzers;

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using analyzers::Declarative.Analyzers.Annotations;
using Declarative.Common;
using Declarative.Generator.Model;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using AnalyzerFieldKinds = analyzers::Declarative.Common.FieldKinds;
using AnalyzerKind = analyzers::Declarative.Common.AnnotationKind;
using AnalyzerRules = analyzers::Declarative.Common.ModelRules;
using AnalyzerTieNorms = analyzers::Declarative.Common.TieNorms;

namespace Declarative.Generator.Tests;

/// <summary>
/// The analyzers judge the code the generator will write, so both must see the same models: over the robustness
/// corpus, every model the generator builds has exactly the groups the analyzers read from its annotations (keys,
/// members, owners, order, kinds, Lambda and Norm), and every annotated class the generator leaves alone gets an
/// error saying why: from the analyzers, or from the compiler where the code is not yet valid C#.
/// </summary>
public class RuleAgreementTests
{
    [Theory]
    [MemberData(nameof(RobustnessTests.Corpus), MemberType = typeof(RobustnessTests))]
    public void Generator_and_analyzers_see_the_same_models_and_groups(string name, string source)
    {
        var compilation = TestCompilation.Create(TestCompilation.Usings + source);
        var (result, output) = TestCompilation.Run(compilation);
        var generated = GeneratedModels(result).ToDictionary(m => m.Type.MetadataName, Describe);

        var read = new Dictionary<string, string>();
        var leftAlone = new List<INamedTypeSymbol>();
        foreach (var type in AllTypes(compilation.Assembly.GlobalNamespace))
        {
            if (ModelAnnotations.For(type, default) is not { } annotations) continue;
            string? groups = Describe(annotations);
            if (groups is null) continue;
            string metadataName = Parser.FieldParser.MetadataName(type);
            if (generated.ContainsKey(metadataName)) read[metadataName] = groups;
            else leftAlone.Add(type);
        }

        foreach (var (type, groups) in generated)
        {
            Assert.True(read.TryGetValue(type, out var expected), $"{name}: the generator builds {type}, which the analyzers see no groups in:\n{groups}");
            Assert.True(expected == groups, $"{name}: {type}\nanalyzers:\n{expected}\ngenerator:\n{groups}");
        }

        if (leftAlone.Count > 0)
        {
            var errors = Errors(output);
            foreach (var type in leftAlone)
            {
                Assert.True(errors.Any(e => e.Location.SourceTree is not null && type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == e.Location.SourceTree && r.Span.Contains(e.Location.SourceSpan))),
                    $"{name}: the generator leaves {type.Name} alone and neither the compiler nor an analyzer reports an error in it");
            }
        }
    }

    [Fact]
    public void The_rules_know_every_TieNorm_member_and_no_other_value()
    {
        foreach (int value in System.Enum.GetValues(typeof(TieNorm)))
            Assert.Equal(System.Enum.GetName(typeof(TieNorm), value), TieNorms.NameOf(value));
        Assert.Null(TieNorms.NameOf(System.Enum.GetValues(typeof(TieNorm)).Cast<int>().Max() + 1));
        Assert.Null(TieNorms.NameOf(-1));
    }

    private static IEnumerable<ModelSpec> GeneratedModels(GeneratorDriverRunResult result)
        => result.Results.Single().TrackedSteps.TryGetValue(TrackingNames.ModelSpecs, out var steps)
            ? steps.SelectMany(s => s.Outputs).Select(o => (ModelSpec)o.Value)
            : Enumerable.Empty<ModelSpec>();

    /// <summary>The groups as the generator built them, one line each, in its order.</summary>
    private static string Describe(ModelSpec model)
        => string.Join("\n",
            model.SharedGroups.Select(g => $"shared {g.Key}: " + string.Join(", ", g.Members.Select(m => Member(m.Field, m.Member, m.Transpose, m.Kind.ToString()))))
            .Concat(model.TieGroups.Select(g => $"tied {g.Key} lambda {Number(g.Lambda)} {g.Norm}: " + string.Join(", ", g.Members.Select(m => Member(m.Field, m.Member, m.Transpose, m.Kind.ToString()))))));

    /// <summary>
    /// The groups the analyzers read, with the rules that decide which get code applied to them, from the analyzers'
    /// own copy of <c>Declarative.Common</c>. Null when none get code.
    /// </summary>
    private static string? Describe(ModelAnnotations annotations)
    {
        var lines = new List<string>();
        foreach (var group in annotations.Groups(AnalyzerKind.Shared))
        {
            var members = Supported(group);
            if (members.Count > 0 && AnalyzerRules.SharesAnything(members.Count, Kind(members[0])))
                lines.Add($"shared {group.Key}: " + string.Join(", ", members.Select(m => Member(m.Field.Name, m.Member, m.Transpose, Kind(m).ToString()))));
        }
        foreach (var group in annotations.Groups(AnalyzerKind.Tied))
        {
            var members = Supported(group);
            if (members.Count > 0 && AnalyzerRules.HasPenalty(members[0].Lambda, members[0].Norm))
                lines.Add($"tied {group.Key} lambda {Number(members[0].Lambda)} {AnalyzerTieNorms.NameOf(members[0].Norm)}: " + string.Join(", ", members.Select(m => Member(m.Field.Name, m.Member, m.Transpose, Kind(m).ToString()))));
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    private static List<FieldAnnotation> Supported(AnnotationGroup group) => group.Members.Where(m => AnalyzerFieldKinds.IsSupported(m.Field)).ToList();

    private static analyzers::Declarative.Common.FieldKind Kind(FieldAnnotation annotation) => AnalyzerFieldKinds.Classify(annotation.Field.Type)!.Value;

    private static string Member(string field, string? member, bool transpose, string kind)
        => $"{field}{(member is null ? "" : "." + member)}{(transpose ? " (transposed)" : "")} [{kind}]";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamedTypeSymbol type)
            {
                yield return type;
                foreach (var nested in AllTypes(type)) yield return nested;
            }
            else if (member is INamespaceSymbol ns)
            {
                foreach (var inner in AllTypes(ns)) yield return inner;
            }
        }
    }

    private static ImmutableArray<Diagnostic> Errors(Compilation compilation)
        => compilation.WithAnalyzers(RobustnessTests.Analyzers)
            .GetAllDiagnosticsAsync().Result
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToImmutableArray();
}
