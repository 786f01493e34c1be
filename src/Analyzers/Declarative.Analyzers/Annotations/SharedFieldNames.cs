using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Declarative.Common;
using Microsoft.CodeAnalysis;

namespace Declarative.Analyzers.Annotations;

/// <summary>
/// Whether a name is the name of some [Shared] field a compilation can assign: one of its own, or one of an assembly it
/// references that was built against Declarative. An assignment whose target mentions no such name cannot break a tie.
/// </summary>
internal sealed class SharedFieldNames
{
    private const string RuntimeAssembly = "Declarative";

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, bool> _inSource = new(StringComparer.Ordinal);
    private readonly Lazy<HashSet<string>> _inReferences;

    public SharedFieldNames(Compilation compilation)
    {
        _compilation = compilation;
        _inReferences = new Lazy<HashSet<string>>(() => InReferences(compilation));
    }

    public bool Contains(string name, CancellationToken cancellationToken)
        => _inReferences.Value.Contains(name)
        || _inSource.GetOrAdd(name, n => _compilation.GetSymbolsWithName(n, SymbolFilter.Member, cancellationToken).Any(IsShared));

    private static bool IsShared(ISymbol symbol)
        => symbol is IFieldSymbol field && field.GetAttributes().Any(a => DeclarativeAttributes.KindOf(a.AttributeClass) == AnnotationKind.Shared);

    /// <summary>Only assemblies that reference Declarative can declare [Shared] fields; the framework's are not walked.</summary>
    private static HashSet<string> InReferences(Compilation compilation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == RuntimeAssembly)))
                Add(assembly.GlobalNamespace, names);
        }
        return names;
    }

    private static void Add(INamespaceOrTypeSymbol container, HashSet<string> names)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol nested) Add(nested, names);
            else if (IsShared(member)) names.Add(member.Name);
        }
    }
}
