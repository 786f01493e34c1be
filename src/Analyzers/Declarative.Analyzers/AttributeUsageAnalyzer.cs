using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Declarative.Analyzers.Annotations;
using Declarative.Common;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Analyzers;

/// <summary>
/// How [Shared] and [Tied] are written: field types, static fields, Member paths, Lambda and Norm, keys used once,
/// and aliases that are tied too. Judged from attributes and types; shapes are the shape analyzers' concern.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AttributeUsageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property that carries the key a typo most likely meant.</summary>
    internal const string SuggestedKeyProperty = "SuggestedKey";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.SingleMemberSharedKey,
        DiagnosticDescriptors.KeyTypo,
        DiagnosticDescriptors.LambdaMissing,
        DiagnosticDescriptors.LambdaInvalid,
        DiagnosticDescriptors.NormInvalid,
        DiagnosticDescriptors.TieSettingsDisagree,
        DiagnosticDescriptors.UnsupportedFieldType,
        DiagnosticDescriptors.StaticField,
        DiagnosticDescriptors.MemberNotFound,
        DiagnosticDescriptors.SharedAndTied);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (DeclarativeTypes.HasAnnotations(start.Compilation))
                start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var model = ModelAnnotations.For((INamedTypeSymbol)context.Symbol, context.CancellationToken);
        if (model is null) return;

        foreach (var annotation in model.Annotations)
        {
            CheckField(context, annotation);
            if (annotation.Kind == AnnotationKind.Tied)
            {
                CheckLambda(context, annotation);
                CheckNorm(context, annotation);
            }
        }

        foreach (var group in model.Groups(AnnotationKind.Tied))
            CheckTieSettings(context, group);

        CheckSingleMemberKeys(context, model, AnnotationKind.Shared);
        CheckSingleMemberKeys(context, model, AnnotationKind.Tied);
        CheckTiedAliases(context, model);
    }

    private static void CheckField(SymbolAnalysisContext context, FieldAnnotation annotation)
    {
        var field = annotation.Field;
        if (field.IsStatic)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StaticField, annotation.Location, field.Name));
            return;
        }
        if (FieldKinds.Classify(field.Type) is null)
        {
            if (field.Type.TypeKind != TypeKind.Error)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedFieldType, annotation.Location, field.Name, field.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            return;
        }
        if (annotation.Member is null) return;

        var resolution = MemberPaths.ResolveByType(field.Type, annotation.Member);
        if (resolution.Status == ResolutionStatus.NotFound)
        {
            var location = annotation.NamedArgument("Member")?.Expression.GetLocation() ?? annotation.Location;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MemberNotFound, location,
                annotation.Member, field.Name, resolution.Owner, resolution.Missing, Members(resolution.Available)));
        }
    }

    /// <summary>The parenthesised list of what a module has, for "has no 'x' (it has weight, bias)".</summary>
    internal static string Members(ImmutableArray<string> available)
        => available.IsDefaultOrEmpty ? "it has no members" : "it has " + string.Join(", ", available);

    private static void CheckLambda(SymbolAnalysisContext context, FieldAnnotation annotation)
    {
        var argument = annotation.NamedArgument("Lambda");
        if (argument is null)
        {
            if (annotation.Syntax is not null && annotation.Key is not null)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LambdaMissing, annotation.Location, annotation.Key, annotation.Field.Name));
            return;
        }
        if (!PenaltyWeight.IsValid(annotation.Lambda))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LambdaInvalid, argument.Expression.GetLocation(),
                annotation.Field.Name, annotation.Key ?? "", Format(annotation.Lambda)));
        }
    }

    private static void CheckNorm(SymbolAnalysisContext context, FieldAnnotation annotation)
    {
        if (TieNorms.NameOf(annotation.Norm) is null && annotation.NamedArgument("Norm") is { } argument)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NormInvalid, argument.Expression.GetLocation(),
                annotation.Field.Name, annotation.Key ?? "", TieNorms.Display(annotation.Norm)));
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void CheckTieSettings(SymbolAnalysisContext context, AnnotationGroup group)
    {
        var first = group.Owner;
        foreach (var member in group.Members.Skip(1))
        {
            if (first.NamedArgument("Lambda") is { } firstLambda && member.NamedArgument("Lambda") is { } memberLambda
                && PenaltyWeight.IsValid(first.Lambda) && PenaltyWeight.IsValid(member.Lambda) && !first.Lambda.Equals(member.Lambda))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TieSettingsDisagree, memberLambda.Expression.GetLocation(),
                    new[] { firstLambda.Expression.GetLocation() },
                    member.Field.Name, "Lambda", Format(member.Lambda), first.Field.Name, group.Key, Format(first.Lambda)));
            }
            if (first.Norm != member.Norm)
            {
                var location = member.NamedArgument("Norm")?.Expression.GetLocation() ?? member.Location;
                var firstLocation = first.NamedArgument("Norm")?.Expression.GetLocation() ?? first.Location;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TieSettingsDisagree, location, new[] { firstLocation },
                    member.Field.Name, "Norm", TieNorms.Display(member.Norm), first.Field.Name, group.Key, TieNorms.Display(first.Norm)));
            }
        }
    }

    private static void CheckSingleMemberKeys(SymbolAnalysisContext context, ModelAnnotations model, AnnotationKind kind)
    {
        // Fields reported as unsupported or static count for nothing.
        var groups = model.Groups(kind)
            .Select(g => new AnnotationGroup(g.Kind, g.Key, g.Members.Where(m => FieldKinds.IsSupported(m.Field)).ToImmutableArray()))
            .Where(g => g.Members.Length > 0)
            .ToList();
        foreach (var group in groups.Where(g => g.Members.Length == 1))
        {
            var member = group.Owner;
            bool isCollection = FieldKinds.IsCollection(FieldKinds.Classify(member.Field.Type));
            if (kind == AnnotationKind.Shared && isCollection) continue;

            // A key in use by a group, or (for [Shared], where one member never makes sense) one declared earlier.
            var candidates = groups
                .Where(g => g.Key != group.Key && (g.Members.Length > 1 || (kind == AnnotationKind.Shared && g.Owner.Order < group.Owner.Order)))
                .Select(g => (g.Key, Distance: KeyDistance(group.Key, g.Key), g.Owner.Order))
                .Where(c => c.Distance <= Threshold(group.Key, c.Key))
                .OrderBy(c => c.Distance)
                .ThenBy(c => c.Order)
                .ToList();

            var location = member.KeyArgument?.Expression.GetLocation() ?? member.Location;
            if (candidates.Count > 0)
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(SuggestedKeyProperty, candidates[0].Key);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KeyTypo, location, properties,
                    member.AttributeName, group.Key, member.Field.Name, candidates[0].Key));
            }
            else if (kind == AnnotationKind.Shared)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SingleMemberSharedKey, location, group.Key, member.Field.Name));
            }
        }
    }

    private static int Threshold(string a, string b) => Math.Min(a.Length, b.Length) <= 4 ? 1 : 2;

    /// <summary>Edits between two keys (insertions, deletions, substitutions, adjacent transpositions).</summary>
    internal static int KeyDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    private static void CheckTiedAliases(SymbolAnalysisContext context, ModelAnnotations model)
    {
        var tied = model.Annotations.Where(a => a.Kind == AnnotationKind.Tied && a.Key is not null).ToList();
        if (tied.Count == 0) return;
        foreach (var group in model.Groups(AnnotationKind.Shared))
        {
            foreach (var alias in group.Members.Skip(1))
            {
                foreach (var tie in tied.Where(t => SymbolEqualityComparer.Default.Equals(t.Field, alias.Field) && Overlap(t.Member, alias.Member)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SharedAndTied, tie.Location, new[] { alias.Location },
                        alias.Path, group.Key, tie.Key, group.Owner.Path));
                }
            }
        }
    }

    /// <summary>Whether two member paths of one field reach the same tensors: equal, or one inside the other.</summary>
    private static bool Overlap(string? a, string? b)
    {
        if (a is null || b is null) return true;
        return a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal);
    }
}
