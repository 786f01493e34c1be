using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Analyzers.Annotations;
using Declarative.Common;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Analyzers.Groups;

/// <summary>
/// Compares every member of each group with the group's owner (the first declared member), under every
/// constructor of the model, and reports what is known to differ: shapes, transposes, dtypes, tensor names,
/// constructor arguments. Unknown means no error.
/// </summary>
internal sealed class GroupShapeChecker
{
    /// <summary>
    /// The diagnostic property that lists the code fixes that make the member match (Transpose, SwapLinear), the one
    /// that fits the members' kinds first: an unattended Fix All (<c>dotnet format</c>) applies the first.
    /// </summary>
    internal const string FixesProperty = "Fixes";
    internal const string TransposeFix = "Transpose";
    internal const string SwapLinearFix = "SwapLinear";
    /// <summary>DECL003's fix: the member marked Transpose already has the owner's shape.</summary>
    internal const string RemoveTransposeFix = "RemoveTranspose";

    private readonly SymbolAnalysisContext _context;
    private readonly AnnotationKind _kind;
    private readonly HashSet<(string Id, Location Location, string Message)> _reported = new();

    private GroupShapeChecker(SymbolAnalysisContext context, AnnotationKind kind)
    {
        _context = context;
        _kind = kind;
    }

    private CancellationToken CancellationToken => _context.CancellationToken;

    private bool IsShared => _kind == AnnotationKind.Shared;

    public static void Check(SymbolAnalysisContext context, AnnotationKind kind)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || !TorchSymbols.IsModule(type.BaseType)) return;
        var model = ModelAnnotations.For(type, context.CancellationToken);
        if (model is null) return;
        var groups = model.Groups(kind).ToList();
        if (groups.Count == 0) return;

        var checker = new GroupShapeChecker(context, kind);
        var scenarios = ShapeInference.Scenarios(type, context.Compilation, context.CancellationToken);
        foreach (var group in groups)
            checker.CheckGroup(group, scenarios);
    }

    /// <summary>The values one member stands for under one constructor: one, or one per distinct collection element.</summary>
    private sealed class Slot
    {
        public Slot(FieldAnnotation annotation, ImmutableArray<InferredMember?> values, bool isCollection, InferredMember? fieldValue)
        {
            Annotation = annotation;
            Values = values;
            IsCollection = isCollection;
            FieldValue = fieldValue;
        }

        public FieldAnnotation Annotation { get; }

        public ImmutableArray<InferredMember?> Values { get; }

        public bool IsCollection { get; }

        /// <summary>The field's own value, before following Member.</summary>
        public InferredMember? FieldValue { get; }

        public string Display(bool first) => IsCollection
            ? Annotation.Field.Name + (first ? "[0]" : "[i]") + (Annotation.Member is null ? "" : "." + Annotation.Member)
            : Annotation.Path;
    }

    private void CheckGroup(AnnotationGroup group, ImmutableArray<ConstructionScenario> scenarios)
    {
        var members = group.Members.Where(m => FieldKinds.IsSupported(m.Field)).ToList();
        if (members.Count == 0 || !ReferenceEquals(members[0], group.Owner)) return;

        if (IsShared)
            CheckTransposeDeclarations(group, members);

        foreach (var scenario in scenarios)
        {
            var slots = members.Select(m => Resolve(scenario, m)).ToList();
            var owner = slots[0];
            var ownerValue = owner.Values.FirstOrDefault();

            // The elements of an owning collection are aliases of its first element.
            foreach (var element in owner.Values.Skip(1))
                Compare(group, owner, ownerValue, owner, element, scenario);

            foreach (var slot in slots.Skip(1))
            {
                foreach (var value in slot.Values)
                    Compare(group, owner, ownerValue, slot, value, scenario);
            }
        }
    }

    /// <summary>Transpose where it never applies: on the owner, or on a whole module.</summary>
    private void CheckTransposeDeclarations(AnnotationGroup group, List<FieldAnnotation> members)
    {
        foreach (var member in members.Where(m => m.Transpose))
        {
            var location = member.NamedArgument("Transpose")?.GetLocation() ?? member.Location;
            if (ReferenceEquals(member, group.Owner))
                Report(DiagnosticDescriptors.TransposeNotApplicable, location, null, null, member.Path, $"it is the owner of shared group '{group.Key}'; mark the members that are its transpose");
            else if (member.Member is null && FieldKinds.Classify(member.Field.Type) is not FieldKind.Parameter)
                Report(DiagnosticDescriptors.TransposeNotApplicable, location, null, null, member.Path, $"it is a whole module ({ShortName(member.Field.Type)}); name its 2-D parameter with Member, such as Member = \"weight\"");
        }
    }

    private Slot Resolve(ConstructionScenario scenario, FieldAnnotation annotation)
    {
        var field = annotation.Field;
        var fieldValue = scenario.Value(field);
        var hint = ShapeHints.For(ShapeHints.Of(field), annotation.Member);
        bool isCollection = FieldKinds.IsCollection(FieldKinds.Classify(field.Type));

        var resolution = InferredMembers.Resolve(fieldValue, annotation.Member);
        if (resolution.Status == ResolutionStatus.NotFound)
        {
            // The path exists for the type but not for these options (a Linear made without bias has no "bias").
            if (MemberPaths.ResolveByType(field.Type, annotation.Member).Status != ResolutionStatus.NotFound)
            {
                var location = annotation.NamedArgument("Member")?.Expression.GetLocation() ?? annotation.Location;
                Report(DiagnosticDescriptors.MemberNotFound, location, null, null,
                    annotation.Member!, field.Name, resolution.Owner!, resolution.Missing!, AttributeUsageAnalyzer.Members(resolution.Available));
            }
            return new Slot(annotation, ImmutableArray<InferredMember?>.Empty, isCollection, fieldValue);
        }

        var value = resolution.Value;
        ImmutableArray<InferredMember?> values = value is InferredCollection collection
            ? collection.Elements.Items
            : ImmutableArray.Create(value);
        if (isCollection && value is null) values = ImmutableArray<InferredMember?>.Empty;
        if (hint is not null)
            values = values.IsEmpty ? ImmutableArray.Create<InferredMember?>(new InferredTensor(hint, null)) : values.Select(v => WithHint(v, hint)).ToImmutableArray();
        return new Slot(annotation, values, isCollection, fieldValue);
    }

    private static InferredMember? WithHint(InferredMember? value, SymbolicShape hint) => value switch
    {
        null => new InferredTensor(hint, null),
        InferredTensor { Shape: null } tensor => tensor.WithShape(hint),
        _ => value,
    };

    private void Compare(AnnotationGroup group, Slot owner, InferredMember? ownerValue, Slot member, InferredMember? value, ConstructionScenario scenario)
    {
        if (ownerValue is null || value is null) return;
        string ownerName = owner.Display(first: true);
        string memberName = member.Display(first: false);
        var location = member.Annotation.Location;
        var ownerLocation = ReferenceEquals(owner, member) ? null : owner.Annotation.Location;

        if (IsShared && member.Annotation.Transpose && !ReferenceEquals(owner.Annotation, member.Annotation))
        {
            CompareTransposed(group, owner, ownerValue, member, value, memberName, ownerName, location, ownerLocation);
            return;
        }

        var mismatch = ShapeComparison.FirstMismatch(ownerValue, value, includeBuffers: IsShared);
        if (mismatch is null) return;
        string memberPath = Join(memberName, mismatch.Path);
        string ownerPath = Join(ownerName, mismatch.Path);

        switch (mismatch.Kind)
        {
            case MismatchKind.Shape:
            {
                var fixes = IsShared ? Fixes(owner, ownerValue, member, value, scenario) : (Properties: null, SwapLocation: null);
                var additional = ownerLocation is null ? null : fixes.SwapLocation is null ? new[] { ownerLocation } : new[] { ownerLocation, fixes.SwapLocation };
                Report(IsShared ? DiagnosticDescriptors.SharedShapeMismatch : DiagnosticDescriptors.TiedShapeMismatch,
                    location, additional, fixes.Properties, memberPath, mismatch.Actual, ownerPath, group.Key, mismatch.Expected);
                break;
            }
            case MismatchKind.Dtype:
                Report(DiagnosticDescriptors.DtypeMismatch, location, Additional(ownerLocation), null,
                    memberPath, mismatch.Actual, ownerPath, group.OwnerRole, mismatch.Expected);
                break;
            case MismatchKind.Structure:
                string detail = mismatch.Detail is null
                    ? $"'{memberName}' is {value.Describe()} and '{ownerName}' is {ownerValue.Describe()}"
                    : mismatch.OwnerOnly ? $"only '{ownerName}' has '{mismatch.Detail}'" : $"only '{memberName}' has '{mismatch.Detail}'";
                Report(DiagnosticDescriptors.StructureMismatch, location, Additional(ownerLocation), null,
                    memberName, ownerName, group.OwnerRole, detail);
                break;
            case MismatchKind.Argument:
                Report(DiagnosticDescriptors.ModuleArgumentMismatch, location, Additional(ownerLocation), null,
                    memberName, mismatch.Actual, ownerName, group.OwnerRole, mismatch.Expected, mismatch.Detail!);
                break;
        }
    }

    private void CompareTransposed(AnnotationGroup group, Slot owner, InferredMember ownerValue, Slot member, InferredMember value,
                                   string memberName, string ownerName, Location location, Location? ownerLocation)
    {
        var transposeLocation = member.Annotation.NamedArgument("Transpose")?.GetLocation() ?? location;
        if (value is InferredModule module)
        {
            // A whole-module field is reported once from its declaration; a Member that names a module is reported here.
            if (member.Annotation.Member is not null)
                Report(DiagnosticDescriptors.TransposeNotApplicable, transposeLocation, null, null, memberName, $"it is a module ({module.TypeName}); name one of its 2-D parameters");
            return;
        }
        if (value is not InferredTensor { Shape: { } shape } tensor) return;
        if (shape.Rank != 2)
        {
            Report(DiagnosticDescriptors.TransposeNotApplicable, transposeLocation, null, null, memberName, $"it is {shape}, not a 2-D tensor");
            return;
        }
        if (ownerValue is not InferredTensor { Shape: { } ownerShape } ownerTensor) return;

        if (ShapeComparison.CompareTransposed(ownerShape, shape) == ShapeRelation.Different)
        {
            string expected = ownerShape.Transposed()?.ToString() ?? "a 2-D tensor";
            var properties = ownerShape.IsFullyKnown && ownerShape.Equals(shape)
                ? ImmutableDictionary<string, string?>.Empty.Add(FixesProperty, RemoveTransposeFix)
                : null;
            Report(DiagnosticDescriptors.TransposeShapeMismatch, location, Additional(ownerLocation), properties,
                memberName, shape.ToString(), expected, ownerName, group.Key, ownerShape.ToString());
            return;
        }
        if (ownerTensor.Dtype is not null && tensor.Dtype is not null && ownerTensor.Dtype != tensor.Dtype)
        {
            Report(DiagnosticDescriptors.DtypeMismatch, location, Additional(ownerLocation), null,
                memberName, tensor.Dtype, ownerName, group.OwnerRole, ownerTensor.Dtype);
        }
    }

    /// <summary>
    /// The code fixes that would make a shared member match its owner: marking it Transpose (it is the exact
    /// transpose), or swapping the two sizes of the Linear that creates it.
    /// </summary>
    private (ImmutableDictionary<string, string?>? Properties, Location? SwapLocation) Fixes(Slot owner, InferredMember ownerValue, Slot member, InferredMember value, ConstructionScenario scenario)
    {
        if (member.IsCollection || ReferenceEquals(owner, member)) return (null, null);
        var fixes = new List<string>();
        Location? swapLocation = null;

        if (!member.Annotation.Transpose && ownerValue is InferredTensor { Shape: { Rank: 2 } ownerShape } && value is InferredTensor { Shape: { Rank: 2 } shape }
            && ownerShape.IsFullyKnown && shape.IsFullyKnown && ownerShape.Transposed()!.Equals(shape))
        {
            fixes.Add(TransposeFix);
        }

        if (scenario.Creation(member.Annotation.Field, CancellationToken) is IInvocationOperation { TargetMethod.Name: "Linear" } linear
            && TorchSymbols.IsNnMethod(linear.TargetMethod)
            && linear.Arguments.Count(a => a.Parameter?.Name is "inputSize" or "outputSize" && a.ArgumentKind == ArgumentKind.Explicit) == 2
            && member.FieldValue is InferredModule { Factory: "Linear" } module
            && Swapped(module) is { } swapped
            && InferredMembers.Resolve(swapped, member.Annotation.Member).Value is { } swappedValue
            && IsExactMatch(ownerValue, swappedValue))
        {
            fixes.Add(SwapLinearFix);
            swapLocation = linear.Syntax.GetLocation();
        }

        // Both fit an exact transpose. A member of the owner's own type (an autoencoder's decoder Linear beside its
        // encoder) is its transpose by design; a Linear beside an Embedding (an LM head) is laid out as the embedding.
        if (fixes.Count == 2 && !SymbolEqualityComparer.Default.Equals(owner.Annotation.Field.Type, member.Annotation.Field.Type))
            fixes.Reverse();

        return fixes.Count == 0
            ? (null, null)
            : (ImmutableDictionary<string, string?>.Empty.Add(FixesProperty, string.Join(",", fixes)), swapLocation);
    }

    /// <summary>The Linear with its input and output sizes swapped: weight transposed, bias as long as the input.</summary>
    private static InferredModule? Swapped(InferredModule linear)
    {
        if (linear.Find("weight")?.Value is not InferredTensor { Shape: { Rank: 2 } weightShape } weight) return null;
        var members = new List<NamedMember> { new("weight", weight.WithShape(weightShape.Transposed())) };
        if (linear.Find("bias")?.Value is InferredTensor bias)
            members.Add(new NamedMember("bias", bias.WithShape(SymbolicShape.Of(weightShape.Dims[1].Size))));
        return new InferredModule(linear.TypeName, linear.Factory, members.ToValueArray(), linear.IsComplete);
    }

    private static bool IsExactMatch(InferredMember owner, InferredMember candidate)
    {
        if (ShapeComparison.FirstMismatch(owner, candidate, includeBuffers: true) is not null) return false;
        var ownerTensors = InferredMembers.Tensors(owner, includeBuffers: true, out bool ownerComplete);
        var candidateTensors = InferredMembers.Tensors(candidate, includeBuffers: true, out bool candidateComplete);
        return ownerComplete && candidateComplete
               && ownerTensors.Count == candidateTensors.Count
               && ownerTensors.All(t => t.Tensor.Shape is { IsFullyKnown: true })
               && candidateTensors.All(t => t.Tensor.Shape is { IsFullyKnown: true });
    }

    private static string Join(string name, string path) => path.Length == 0 ? name : name + "." + path;

    private static Location[]? Additional(Location? owner) => owner is null ? null : new[] { owner };

    private static string ShortName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private void Report(DiagnosticDescriptor descriptor, Location location, IEnumerable<Location>? additional,
                        ImmutableDictionary<string, string?>? properties, params object[] arguments)
    {
        var diagnostic = Diagnostic.Create(descriptor, location, additional, properties, arguments);
        if (_reported.Add((descriptor.Id, location, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))))
            _context.ReportDiagnostic(diagnostic);
    }
}
