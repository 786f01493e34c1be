using Microsoft.CodeAnalysis;

namespace Declarative.Analyzers;

/// <summary>
/// Every diagnostic Declarative reports, one ID each. Each has a page under <c>docs/diagnostics/</c>; IDs are never
/// reused, and <c>AnalyzerReleases.*.md</c> records them.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Declarative";
    private const string HelpBase = "https://github.com/declarative-dotnet/declarative/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor SharedShapeMismatch = Error(
        "DECL001",
        "Shared members differ in shape",
        "'{0}' is {1} but '{2}', owner of shared group '{3}', is {4}",
        "Every member of a shared group uses the owner's tensor, so each must have the owner's shape.");

    public static readonly DiagnosticDescriptor TiedShapeMismatch = Error(
        "DECL002",
        "Tied members differ in shape",
        "'{0}' is {1} but '{2}', first member of tie group '{3}', is {4}",
        "The tying penalty compares tensors element by element, so the members of a tie group must have one shape.");

    public static readonly DiagnosticDescriptor TransposeShapeMismatch = Error(
        "DECL003",
        "A transposed member is not the owner's transpose",
        "'{0}' is {1} but must be {2}: it is marked Transpose and '{3}', owner of shared group '{4}', is {5}",
        "A member with Transpose = true reads the owner's tensor transposed, so its shape must be the owner's, reversed.");

    public static readonly DiagnosticDescriptor DtypeMismatch = Error(
        "DECL004",
        "Shared or tied members differ in dtype",
        "'{0}' has dtype {1} but '{2}', {3}, has dtype {4}",
        "The dtypes given in code for the members of one group must agree.");

    public static readonly DiagnosticDescriptor StructureMismatch = Error(
        "DECL005",
        "Shared or tied modules do not have the same tensors",
        "'{0}' and '{1}', {2}, do not have the same tensors: {3}",
        "Modules shared or tied as a whole are matched tensor by tensor, by name.");

    public static readonly DiagnosticDescriptor ModuleArgumentMismatch = Error(
        "DECL006",
        "Shared or tied modules are built with different arguments",
        "'{0}' is {1} but '{2}', {3}, is {4}: argument '{5}' differs",
        "Instances of one module type are compatible when their constructors get equal size arguments.");

    public static readonly DiagnosticDescriptor SingleMemberSharedKey = Warning(
        "DECL007",
        "A shared key is used by one member only",
        "Shared key '{0}' is used by '{1}' only, so nothing is shared",
        "A shared group needs two members, or one ModuleList or array whose elements share.");

    public static readonly DiagnosticDescriptor KeyTypo = Warning(
        "DECL008",
        "A key is used by one member only; it looks like another key",
        "{0} key '{1}' is used by '{2}' only; did you mean '{3}'?",
        "A key used once and spelled almost like a key in use is most likely a typo.");

    public static readonly DiagnosticDescriptor LambdaMissing = Error(
        "DECL009",
        "A [Tied] attribute has no Lambda",
        "[Tied(\"{0}\")] on '{1}' gives no Lambda; set it to the strength of the penalty, such as Lambda = 0.1",
        "Lambda has no default: the strength of a tie is a modelling decision. Without it the group gets no penalty.");

    public static readonly DiagnosticDescriptor LambdaInvalid = Error(
        "DECL010",
        "Lambda is negative, NaN or infinite",
        "Lambda of '{0}' in tie group '{1}' is {2}; it must be finite and not negative",
        "A penalty with such a Lambda would push tensors apart or make the loss NaN or infinite.");

    public static readonly DiagnosticDescriptor TieSettingsDisagree = Error(
        "DECL011",
        "Members of a tie group disagree on Lambda or Norm",
        "'{0}' gives {1} = {2} but '{3}', first member of tie group '{4}', gives {1} = {5}",
        "A tie group has one Lambda and one Norm; every member must give the same.");

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "DECL012",
        "The model class is not partial",
        "'{0}' must be partial for the generator to add the sharing and tying code of '{1}'",
        "The generator adds the code that shares and ties the fields in a partial declaration of the class.");

    public static readonly DiagnosticDescriptor NotAModule = Error(
        "DECL013",
        "The class is not a TorchSharp module",
        "'{0}' has [Shared] or [Tied] fields but does not derive from TorchSharp's torch.nn.Module",
        "Only TorchSharp modules register, enumerate and save parameters; sharing and tying are defined for them.");

    public static readonly DiagnosticDescriptor UnsupportedFieldType = Error(
        "DECL014",
        "The field's type cannot be shared or tied",
        "Field '{0}' of type '{1}' cannot be shared or tied; use a module, a Parameter, a ModuleList<T> or an array of modules",
        "Sharing and tying apply to TorchSharp modules, Parameters, and ModuleLists or arrays of modules.");

    public static readonly DiagnosticDescriptor StaticField = Error(
        "DECL015",
        "A static field cannot be shared or tied",
        "Field '{0}' is static; only instance fields can be shared or tied",
        "Parameters belong to model instances.");

    public static readonly DiagnosticDescriptor MemberNotFound = Error(
        "DECL016",
        "The Member path does not exist",
        "Member '{0}' does not exist in '{1}': {2} has no '{3}' ({4})",
        "Member is a dotted path of registered names inside the field, such as \"weight\" or \"ffn.up.weight\".");

    public static readonly DiagnosticDescriptor SharedAndTied = Error(
        "DECL017",
        "A shared alias is also tied",
        "'{0}' is an alias in shared group '{1}' and also tied in tie group '{2}'; its tensors are those of '{3}', so tie '{3}' instead",
        "An alias has no tensor of its own: it reads the owner's, so a tie on it is a tie on the owner, or on nothing.");

    public static readonly DiagnosticDescriptor TransposeNotApplicable = Error(
        "DECL018",
        "Transpose does not apply to this member",
        "Transpose cannot apply to '{0}': {1}",
        "Transpose = true applies to a member of a shared group, other than its owner, that names one 2-D tensor.");

    public static readonly DiagnosticDescriptor SharedFieldReassigned = Error(
        "DECL019",
        "A shared field is assigned again",
        "Shared field '{0}' is assigned {1}; the new value is not shared in group '{2}'",
        "Sharing is set up once, by RegisterComponents(); a value assigned later is not tied to the group.");

    public static readonly DiagnosticDescriptor RegisterComponentsMissing = Warning(
        "DECL020",
        "A constructor never calls RegisterComponents()",
        "Constructor '{0}' never calls RegisterComponents(), so the fields of '{1}' are not registered, shared or tied",
        "RegisterComponents() registers the fields and, through the generated override, ties the shared ones.");

    public static readonly DiagnosticDescriptor CrossModelShapeMismatch = Error(
        "DECL021",
        "Models tied by Tying.Penalty differ in shape on a key",
        "Tie key '{0}': '{1}' is {2} but '{3}' is {4}; tied tensors must have one shape",
        "Tying.Penalty pulls together the members of a key across models, element by element.");

    public static readonly DiagnosticDescriptor CrossModelSettingMismatch = Error(
        "DECL022",
        "Models tied by Tying.Penalty disagree on Lambda or Norm",
        "Tie key '{0}': {1} is {2} in {3} but {4} in {5}; a tie across models needs one {1}",
        "A key tied across models has one Lambda and one Norm.");

    public static readonly DiagnosticDescriptor GeneratedMemberDeclared = Error(
        "DECL023",
        "The class declares a member the generator adds",
        "'{0}' declares {1} itself, so the generator cannot add the sharing and tying code",
        "The generator overrides RegisterComponents, named_parameters, named_buffers, state_dict, load_state_dict, load and _toEpilog, and adds TyingPenalty.");

    public static readonly DiagnosticDescriptor ShapeHintMismatch = Error(
        "DECL024",
        "A shape hint does not match the inferred shape",
        "Shape hint {0} of '{1}' does not match its inferred shape {2}",
        "A [Shape] hint states a member's shape where it cannot be inferred; where it can, the two must agree.");

    public static readonly DiagnosticDescriptor InvalidShapeHint = Error(
        "DECL025",
        "A shape hint is not a size",
        "Shape hint '{0}' of '{1}' is not a size; write a number, a name, or + - * / of those",
        "Each dimension of a [Shape] hint is an integer expression over numbers and names, or ? when unknown.");

    public static readonly DiagnosticDescriptor ActivationWidthMismatch = Error(
        "DECL026",
        "Tied activations differ in width and no projection is given",
        "'{0}' outputs {1} features but '{2}' outputs {3}; give the tie a projection, such as Linear({1}, {3})",
        "ActivationTying compares a student layer's output with a teacher layer's element by element; where their widths differ, a projection must map one to the other.");

    public static readonly DiagnosticDescriptor PyBridgeBypassesSharing = Warning(
        "DECL027",
        "A PyBridge load or save bypasses the model's shared groups",
        "'{0}' bypasses the {1}: {2}; {3}",
        "TorchSharp.PyBridge's load_py, load_safetensors, load_checkpoint and save_py work from state_dict(), which leaves the aliases of a shared group out; Declarative's LoadPyTorch, LoadSafetensors, LoadCheckpoint and SavePyTorch read and write every tied key.");

    public static readonly DiagnosticDescriptor NormInvalid = Error(
        "DECL028",
        "Norm is not a TieNorm member",
        "Norm of '{0}' in tie group '{1}' is {2}, which TieNorm does not define; use TieNorm.SquaredL2 or TieNorm.L1",
        "A tie group's penalty sums a distance over its pairs, and TieNorm names the distances there are. The generator gives a group whose Norm is none of them no penalty.");

    private static DiagnosticDescriptor Error(string id, string title, string message, string description)
        => Create(id, title, message, description, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message, string description)
        => Create(id, title, message, description, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true, description, HelpBase + id + ".md");
}
