using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Analyzers.Annotations;
using Declarative.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Analyzers;

/// <summary>
/// The class that holds [Shared] or [Tied] fields: partial (with its enclosing types), a TorchSharp module, free of
/// the members the generator adds, and with constructors that call <c>RegisterComponents()</c>. The generator skips
/// classes that are not; this says why.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.NotAModule,
        DiagnosticDescriptors.GeneratedMemberDeclared,
        DiagnosticDescriptors.RegisterComponentsMissing);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!DeclarativeTypes.HasAnnotations(start.Compilation)) return;
            start.RegisterSymbolAction(AnalyzeDeclaration, SymbolKind.NamedType);
            start.RegisterSymbolStartAction(StartConstructorCheck, SymbolKind.NamedType);
        });
    }

    private static void AnalyzeDeclaration(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (ModelAnnotations.For(type, context.CancellationToken) is null) return;

        if (!ModelRules.IsModuleClass(type))
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotAModule, IdentifierLocation(type, context.CancellationToken), type.Name));

        foreach (var (declared, declaration) in ModelRules.NonPartialDeclarations(type, context.CancellationToken))
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, declaration.Identifier.GetLocation(), declared.Name, type.Name));

        foreach (var member in ModelRules.DeclaredGeneratedMembers(type))
        {
            // A member of metadata (the user's base class is elsewhere) has no place to point at.
            if (member.Locations.FirstOrDefault() is { IsInSource: true } location)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberDeclared, location, type.Name, member.Name));
        }
    }

    internal static Location IdentifierLocation(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is BaseTypeDeclarationSyntax declaration)
                return declaration.Identifier.GetLocation();
        }
        return type.Locations.FirstOrDefault() ?? Location.None;
    }

    /// <summary>What one constructor or method of the model does towards <c>RegisterComponents()</c>.</summary>
    private sealed class MethodFacts
    {
        public bool CallsRegisterComponents;
        public IMethodSymbol? ChainsTo;
        public List<IMethodSymbol> Helpers { get; } = new();
    }

    private static void StartConstructorCheck(SymbolStartAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        // An abstract model's constructors run only inside a derived model's, which registers the components.
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || !TorchSymbols.IsModule(type.BaseType)) return;
        if (ModelAnnotations.For(type, context.CancellationToken) is null) return;

        var facts = new ConcurrentDictionary<IMethodSymbol, MethodFacts>(SymbolEqualityComparer.Default);
        context.RegisterOperationBlockAction(block =>
        {
            if (block.OwningSymbol is not IMethodSymbol method || !SymbolEqualityComparer.Default.Equals(method.ContainingType, type)) return;
            var fact = new MethodFacts();
            foreach (var operation in block.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()))
            {
                if (operation is not IInvocationOperation invocation) continue;
                var target = invocation.TargetMethod;
                if (target.Name == "RegisterComponents" && target.Parameters.IsEmpty && invocation.Instance is IInstanceReferenceOperation)
                    fact.CallsRegisterComponents = true;
                else if (target.MethodKind == MethodKind.Constructor && SymbolEqualityComparer.Default.Equals(target.ContainingType, type)
                         && invocation.Syntax is ConstructorInitializerSyntax)
                    fact.ChainsTo = target;
                else if (!target.IsStatic && invocation.Instance is IInstanceReferenceOperation && SymbolEqualityComparer.Default.Equals(target.ContainingType, type))
                    fact.Helpers.Add(target);
            }
            facts[method] = fact;
        });

        context.RegisterSymbolEndAction(end =>
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                if (Reaches(constructor, facts, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default))) continue;
                var location = constructor.IsImplicitlyDeclared
                    ? IdentifierLocation(type, end.CancellationToken)
                    : ConstructorLocation(constructor, end.CancellationToken);
                string display = type.Name + "(" + string.Join(", ", constructor.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";
                end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RegisterComponentsMissing, location, display, type.Name));
            }
        });
    }

    private static bool Reaches(IMethodSymbol method, ConcurrentDictionary<IMethodSymbol, MethodFacts> facts, HashSet<IMethodSymbol> visited)
    {
        if (!visited.Add(method) || !facts.TryGetValue(method, out var fact)) return false;
        if (fact.CallsRegisterComponents) return true;
        if (fact.ChainsTo is not null && Reaches(fact.ChainsTo, facts, visited)) return true;
        return fact.Helpers.Any(h => Reaches(h, facts, visited));
    }

    private static Location ConstructorLocation(IMethodSymbol constructor, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax(cancellationToken))
            {
                case ConstructorDeclarationSyntax declaration:
                    return declaration.Identifier.GetLocation();
                case TypeDeclarationSyntax primary:
                    return primary.Identifier.GetLocation();
            }
        }
        return constructor.Locations.FirstOrDefault() ?? Location.None;
    }
}
