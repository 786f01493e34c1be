using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Analyzers;

/// <summary>
/// <c>[Shape("vocab", "dim")]</c> hints: each dimension must be a size, and where the shape can be inferred the
/// hint must agree with it. (Where it cannot, the shape analyzers use the hint.)
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShapeHintAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ShapeHintMismatch,
        DiagnosticDescriptors.InvalidShapeHint);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (DeclarativeTypes.AnyExists(start.Compilation, DeclarativeTypes.ShapeAttribute))
                start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var hinted = type.GetMembers().OfType<IFieldSymbol>()
            .Select(f => (Field: f, Hints: ShapeHints.Of(f)))
            .Where(f => !f.Hints.IsEmpty)
            .ToList();
        if (hinted.Count == 0) return;

        var scenarios = ShapeInference.Scenarios(type, context.Compilation, context.CancellationToken);
        foreach (var (field, hints) in hinted)
        {
            foreach (var hint in hints)
            {
                var syntax = hint.Attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
                var location = syntax?.GetLocation() ?? field.Locations.FirstOrDefault() ?? Location.None;
                string path = hint.Member is null ? field.Name : field.Name + "." + hint.Member;
                if (hint.InvalidDimension is { } invalid)
                {
                    var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null && a.Expression is LiteralExpressionSyntax literal && literal.Token.ValueText == invalid);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidShapeHint, argument?.GetLocation() ?? location, invalid, path));
                    continue;
                }

                var reported = new HashSet<string>();
                foreach (var scenario in scenarios)
                {
                    var value = InferredMembers.Resolve(scenario.Value(field), hint.Member).Value;
                    var inferred = value switch
                    {
                        InferredTensor tensor => tensor.Shape,
                        InferredCollection { Elements.Count: 1 } collection => (collection.Elements[0] as InferredTensor)?.Shape,
                        _ => null,
                    };
                    if (SymbolicShape.Compare(hint.Shape, inferred) == ShapeRelation.Different && reported.Add(inferred!.ToString()))
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ShapeHintMismatch, location, hint.Shape!.ToString(), path, inferred.ToString()));
                }
            }
        }
    }
}
