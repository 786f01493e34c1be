using System.Collections.Immutable;
using Declarative.Analyzers.Groups;
using Declarative.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Analyzers;

/// <summary>
/// Tie groups: the penalty compares tensors element by element, so every member must have the first member's
/// shapes, dtypes and parameters, as inferred from the code that creates the fields.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TiedShapeAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.TiedShapeMismatch,
        DiagnosticDescriptors.DtypeMismatch,
        DiagnosticDescriptors.StructureMismatch,
        DiagnosticDescriptors.ModuleArgumentMismatch,
        DiagnosticDescriptors.MemberNotFound);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (DeclarativeTypes.HasAnnotations(start.Compilation))
                start.RegisterSymbolAction(symbol => GroupShapeChecker.Check(symbol, AnnotationKind.Tied), SymbolKind.NamedType);
        });
    }
}
