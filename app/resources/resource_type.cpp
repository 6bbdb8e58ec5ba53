#include "app/resources/resource_type.hpp"

namespace opsdeck::app {

const ResourceTraits& traits(ResourceType type) {
  static const ResourceTraits ec2{true, ""};
  static const ResourceTraits lightsail{false, "Lightsail instances are not supported; use `opsdeck ssh` with its address"};
  static const ResourceTraits other{false, "select an instance in the Instances pane"};
  switch (type) {
    case ResourceType::Ec2Instance:
    case ResourceType::EcsTask:  // ECS Exec
      return ec2;
    case ResourceType::LightsailInstance:
      return lightsail;
    default:
      return other;
  }
}

}  // namespace opsdeck::app
