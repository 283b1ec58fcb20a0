import { CanAccess } from "@refinedev/core";
import { Skeleton } from "antd";
import { Suspense } from "react";
import { Route } from "react-router";
import { RESOURCES, type ResourceAction } from "../resources";
import { StatusPage } from "./status-page";

const ACTIONS: ResourceAction[] = ["list", "create", "edit", "show"];

/** One route per resource page, each behind the access check: a URL the user may not open shows the 403 page. */
export function resourceRoutes() {
  return RESOURCES.flatMap((resource) =>
    ACTIONS.flatMap((action) => {
      const Page = resource.pages[action];
      const path = resource[action];
      if (!Page || typeof path !== "string") return [];
      return [
        <Route
          key={`${resource.name}:${action}`}
          path={path}
          element={
            <CanAccess resource={resource.name} action={action} fallback={<StatusPage status="403" />}>
              <Suspense fallback={<Skeleton active />}>
                <Page />
              </Suspense>
            </CanAccess>
          }
        />,
      ];
    }),
  );
}
