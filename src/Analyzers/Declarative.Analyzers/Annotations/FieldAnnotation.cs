using System.Linq;
using Declarative.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Analyzers.Annotations;

/// <summary>One <c>[Shared]</c> or <c>[Tied]</c> attribute on one field, with the syntax diagnostics point at.</summary>
internal sealed class FieldAnnotation
{
    private readonly AnnotationArguments _arguments;

    public FieldAnnotation(AnnotationKind kind, IFieldSymbol field, AttributeData data, AttributeSyntax? syntax, int order)
    {
        Kind = kind;
        Field = field;
        Data = data;
        Syntax = syntax;
        Order = order;
        _arguments = AnnotationArguments.Read(data);
    }

    public AnnotationKind Kind { get; }

    public IFieldSymbol Field { get; }

    public AttributeData Data { get; }

    public AttributeSyntax? Syntax { get; }

    /// <summary>Declaration order among the annotations of the class: the first member of a group is its owner.</summary>
    public int Order { get; }

    /// <inheritdoc cref="AnnotationArguments.Key"/>
    public string? Key => _arguments.Key;

    /// <inheritdoc cref="AnnotationArguments.Member"/>
    public string? Member => _arguments.Member;

    /// <inheritdoc cref="AnnotationArguments.Transpose"/>
    public bool Transpose => _arguments.Transpose;

    /// <inheritdoc cref="AnnotationArguments.Lambda"/>
    public double Lambda => _arguments.Lambda;

    /// <inheritdoc cref="AnnotationArguments.Norm"/>
    public int Norm => _arguments.Norm;

    /// <summary>The member as messages name it: <c>head.weight</c>.</summary>
    public string Path => Member is null ? Field.Name : Field.Name + "." + Member;

    public Location Location => Syntax?.GetLocation() ?? Field.Locations.FirstOrDefault() ?? Location.None;

    /// <summary>The named argument <c>Name = value</c> as written, if it is.</summary>
    public AttributeArgumentSyntax? NamedArgument(string name)
        => Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    /// <summary>The key as written: the first positional argument.</summary>
    public AttributeArgumentSyntax? KeyArgument
        => Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null)
           ?? Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "key");

    public string AttributeName => DeclarativeAttributes.Name(Kind);
}
