using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Declarative.Analyzers.Annotations;
using Declarative.Common;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Analyzers;

/// <summary>
/// <c>Tying.Penalty(a, b, ...)</c> ties the members of each key across models: where the models' types are known,
/// every key they share must have one shape, one Lambda and one Norm in each.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CrossModelTyingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.CrossModelShapeMismatch,
        DiagnosticDescriptors.CrossModelSettingMismatch);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (DeclarativeTypes.AnyExists(start.Compilation, DeclarativeTypes.Tying))
                start.RegisterSyntaxNodeAction(Analyze, SyntaxKind.InvocationExpression);
        });
    }

    /// <summary>One model passed to Tying.Penalty: the argument, the model, and its [Tied] groups.</summary>
    private sealed class Side
    {
        public Side(IOperation argument, ModelInstance model, ModelAnnotations annotations)
        {
            Argument = argument;
            Model = model;
            Annotations = annotations;
        }

        public IOperation Argument { get; }

        public ModelInstance Model { get; }

        public INamedTypeSymbol Type => Model.Type;

        public ModelAnnotations Annotations { get; }

        public FieldAnnotation? First(string key) => Annotations.Groups(AnnotationKind.Tied).FirstOrDefault(g => g.Key == key)?.Owner;
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var call = (InvocationExpressionSyntax)context.Node;
        if (NameFilters.InvokedName(call) != "Penalty"
            || context.SemanticModel.GetOperation(call, context.CancellationToken) is not IInvocationOperation invocation)
            return;
        var method = invocation.TargetMethod;
        if (method.Name != "Penalty" || !method.IsStatic
            || method.ContainingType is not { Name: "Tying", ContainingNamespace: { Name: "Declarative", ContainingNamespace.IsGlobalNamespace: true } })
            return;
        if (invocation.Arguments.Length != 1
            || invocation.Arguments[0] is not { ArgumentKind: ArgumentKind.ParamArray, Value: IArrayCreationOperation { Initializer: { } initializer } })
            return;

        var sides = new List<Side>();
        foreach (var element in initializer.ElementValues)
        {
            if (SideOf(element, context) is { } side) sides.Add(side);
        }
        if (sides.Count < 2) return;

        // As Tying.Penalty does: each key's first model (in argument order) against every later one that declares it.
        var reported = new HashSet<string>();
        var keys = sides.SelectMany(s => s.Annotations.Groups(AnnotationKind.Tied).Select(g => g.Key)).Distinct().ToList();
        foreach (var key in keys)
        {
            var declaring = sides.Select(s => (Side: s, First: s.First(key))).Where(s => s.First is not null).ToList();
            for (int i = 1; i < declaring.Count; i++)
            {
                CompareSettings(context, key, declaring[0].Side, declaring[0].First!, declaring[i].Side, declaring[i].First!, reported);
                CompareShapes(context, key, declaring[0].Side, declaring[0].First!, declaring[i].Side, declaring[i].First!, reported);
            }
        }
    }

    private static Side? SideOf(IOperation element, SyntaxNodeAnalysisContext context)
    {
        if (ModelInstance.Of(element, context.Compilation, context.CancellationToken) is not { } model) return null;
        var annotations = ModelAnnotations.For(model.Type, context.CancellationToken);
        return annotations is null ? null : new Side(element, model, annotations);
    }

    private static void CompareSettings(SyntaxNodeAnalysisContext context, string key, Side first, FieldAnnotation a, Side other, FieldAnnotation b, HashSet<string> reported)
    {
        if (PenaltyWeight.IsValid(a.Lambda) && PenaltyWeight.IsValid(b.Lambda) && !a.Lambda.Equals(b.Lambda))
        {
            Report(context, reported, Diagnostic.Create(DiagnosticDescriptors.CrossModelSettingMismatch, other.Argument.Syntax.GetLocation(),
                key, "Lambda", Format(a.Lambda), first.Type.Name, Format(b.Lambda), other.Type.Name));
        }
        if (a.Norm != b.Norm)
        {
            Report(context, reported, Diagnostic.Create(DiagnosticDescriptors.CrossModelSettingMismatch, other.Argument.Syntax.GetLocation(),
                key, "Norm", TieNorms.Display(a.Norm), first.Type.Name, TieNorms.Display(b.Norm), other.Type.Name));
        }
    }

    private static void CompareShapes(SyntaxNodeAnalysisContext context, string key, Side first, FieldAnnotation a, Side other, FieldAnnotation b, HashSet<string> reported)
    {
        bool symbolic = first.Model.FromCreation && other.Model.FromCreation;
        foreach (var firstScenario in first.Model.Scenarios)
        {
            var firstValue = Value(firstScenario, a);
            if (firstValue is null) continue;
            foreach (var otherScenario in other.Model.Scenarios)
            {
                var otherValue = Value(otherScenario, b);
                if (otherValue is null) continue;
                var mismatch = ShapeComparison.FirstMismatch(firstValue, otherValue, includeBuffers: false);
                if (mismatch is not { Kind: MismatchKind.Shape }) continue;
                if (!symbolic && mismatch.Shapes is { } shapes && !(IsNumeric(shapes.Expected) && IsNumeric(shapes.Actual))) continue;

                string suffix = mismatch.Path.Length == 0 ? "" : "." + mismatch.Path;
                Report(context, reported, Diagnostic.Create(DiagnosticDescriptors.CrossModelShapeMismatch, other.Argument.Syntax.GetLocation(),
                    key, $"{other.Type.Name}.{b.Path}{suffix}", mismatch.Actual, $"{first.Type.Name}.{a.Path}{suffix}", mismatch.Expected));
            }
        }
    }

    private static InferredMember? Value(ConstructionScenario scenario, FieldAnnotation annotation)
    {
        var value = InferredMembers.Resolve(scenario.Value(annotation.Field), annotation.Member).Value;
        return value is InferredCollection collection ? collection.Elements.FirstOrDefault() : value;
    }

    /// <summary>Whether every size of a shape is a plain number.</summary>
    private static bool IsNumeric(SymbolicShape shape) => shape.Dims.All(d => d.Size?.ConstantValue is not null);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Report(SyntaxNodeAnalysisContext context, HashSet<string> reported, Diagnostic diagnostic)
    {
        if (reported.Add(diagnostic.Location.SourceSpan + diagnostic.GetMessage(CultureInfo.InvariantCulture)))
            context.ReportDiagnostic(diagnostic);
    }
}
