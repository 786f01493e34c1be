using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Declarative.Analyzers.Annotations;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.Analyzers;

/// <summary>
/// <c>new ActivationTying(student, teacher).Tie(studentLayer, teacherLayer)</c> without a projection compares the two
/// layers' outputs element by element: where the layers' output widths are known and differ, it cannot run.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ActivationTyingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ActivationWidthMismatch);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (DeclarativeTypes.AnyExists(start.Compilation, DeclarativeTypes.ActivationTying))
                start.RegisterSyntaxNodeAction(Analyze, SyntaxKind.InvocationExpression);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var call = (InvocationExpressionSyntax)context.Node;
        if (NameFilters.InvokedName(call) != "Tie") return;
        if (context.SemanticModel.GetOperation(call, context.CancellationToken) is not IInvocationOperation tie
            || !IsActivationTying(tie.TargetMethod.ContainingType) || tie.TargetMethod.Name != "Tie")
            return;

        var arguments = tie.Arguments.Where(a => a.Parameter is not null).ToDictionary(a => a.Parameter!.Name, a => a.Value);
        if (!arguments.TryGetValue("studentLayer", out var studentLayer) || !arguments.TryGetValue("teacherLayer", out var teacherLayer)) return;
        if (arguments.TryGetValue("projection", out var projection) && !IsNull(projection)) return;

        if (Creation(tie.Instance, context.CancellationToken) is not { } creation) return;
        var models = creation.Arguments.Where(a => a.Parameter is not null).ToDictionary(a => a.Parameter!.Name, a => a.Value);
        if (!models.TryGetValue("student", out var studentArgument) || !models.TryGetValue("teacher", out var teacherArgument)) return;
        var student = ModelInstance.Of(studentArgument, context.Compilation, context.CancellationToken);
        var teacher = ModelInstance.Of(teacherArgument, context.Compilation, context.CancellationToken);
        if (student is null || teacher is null) return;

        var studentMember = LayerOf(studentLayer, student);
        var teacherMember = LayerOf(teacherLayer, teacher);
        if (studentMember is null || teacherMember is null) return;

        bool symbolic = student.FromCreation && teacher.FromCreation;
        var reported = new HashSet<string>();
        foreach (var studentScenario in student.Scenarios)
        {
            var studentWidth = ModuleWidths.OutputWidth(studentScenario.ValueOf(studentMember, context.Compilation, context.CancellationToken));
            if (studentWidth is null) continue;
            foreach (var teacherScenario in teacher.Scenarios)
            {
                var teacherWidth = ModuleWidths.OutputWidth(teacherScenario.ValueOf(teacherMember, context.Compilation, context.CancellationToken));
                if (teacherWidth is null || teacherWidth.Equals(studentWidth)) continue;
                if (!symbolic && (studentWidth.ConstantValue is null || teacherWidth.ConstantValue is null)) continue;

                var diagnostic = Diagnostic.Create(DiagnosticDescriptors.ActivationWidthMismatch, Location(tie),
                    studentLayer.Syntax.ToString(), studentWidth.ToString(), teacherLayer.Syntax.ToString(), teacherWidth.ToString());
                if (reported.Add(diagnostic.GetMessage(CultureInfo.InvariantCulture)))
                    context.ReportDiagnostic(diagnostic);
            }
        }
    }

    private static bool IsActivationTying(INamedTypeSymbol? type)
        => type is { Name: "ActivationTying", ContainingNamespace: { Name: "Declarative", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsNull(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation.ConstantValue is { HasValue: true, Value: null } || operation is IDefaultValueOperation;
    }

    /// <summary>The <c>new ActivationTying(student, teacher)</c> a Tie call is made on, through chained Ties and locals.</summary>
    private static IObjectCreationOperation? Creation(IOperation? receiver, System.Threading.CancellationToken cancellationToken)
    {
        for (int hops = 0; hops < 64 && receiver is not null; hops++)
        {
            switch (receiver)
            {
                case IConversionOperation conversion:
                    receiver = conversion.Operand;
                    break;
                case IObjectCreationOperation creation when IsActivationTying(creation.Type as INamedTypeSymbol):
                    return creation;
                case IInvocationOperation { TargetMethod.Name: "Tie" } previous when IsActivationTying(previous.TargetMethod.ContainingType):
                    receiver = previous.Instance;
                    break;
                case ILocalReferenceOperation:
                    receiver = ModelInstance.InitializerOfLocal(receiver, cancellationToken);
                    break;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>The model's field or property that a layer argument reads: <c>student.Hidden</c>.</summary>
    private static ISymbol? LayerOf(IOperation layer, ModelInstance model)
    {
        while (layer is IConversionOperation conversion) layer = conversion.Operand;
        var (member, instance) = layer switch
        {
            IPropertyReferenceOperation { Property.IsIndexer: false } property => ((ISymbol)property.Property, property.Instance),
            IFieldReferenceOperation field => (field.Field, field.Instance),
            _ => ((ISymbol?)null, (IOperation?)null),
        };
        if (member is null || instance is null || model.Symbol is null) return null;
        return SymbolEqualityComparer.Default.Equals(ModelInstance.ReferencedSymbol(instance), model.Symbol) ? member : null;
    }

    /// <summary>From the method's name to the end of its arguments: <c>Tie(student.Hidden, teacher.Hidden2)</c>.</summary>
    private static Location Location(IInvocationOperation tie)
    {
        if (tie.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            return Microsoft.CodeAnalysis.Location.Create(invocation.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, invocation.ArgumentList.Span.End));
        return tie.Syntax.GetLocation();
    }
}
