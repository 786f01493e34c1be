namespace Declarative.Common;

/// <summary>Which of Declarative's attributes an annotation is.</summary>
internal enum AnnotationKind
{
    Shared,
    Tied,
}
