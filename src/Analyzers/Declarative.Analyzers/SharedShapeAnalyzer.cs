using System.Collections.Immutable;
using Declarative.Analyzers.Groups;
using Declarative.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Analyzers;

/// <summary>
/// Shared groups: every member must have its owner's shapes (or, marked Transpose, the transpose), dtypes and
/// tensors, as inferred from the code that creates the fields.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedShapeAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.SharedShapeMismatch,
        DiagnosticDescriptors.TransposeShapeMismatch,
        DiagnosticDescriptors.DtypeMismatch,
        DiagnosticDescriptors.StructureMismatch,
        DiagnosticDescriptors.ModuleArgumentMismatch,
        DiagnosticDescriptors.TransposeNotApplicable,
        DiagnosticDescriptors.MemberNotFound);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (DeclarativeTypes.HasAnnotations(start.Compilation))
                start.RegisterSymbolAction(symbol => GroupShapeChecker.Check(symbol, AnnotationKind.Shared), SymbolKind.NamedType);
        });
    }
}
