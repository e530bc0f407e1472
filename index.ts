// The Pulumi program (Pulumi.yaml `main`): a hardened cluster and its in-cluster baseline, as
// configured by the stack (stacks/Pulumi.<stack>.yaml). Its exports are the stack outputs.
import { deployProgram } from "./program";

export = deployProgram();
